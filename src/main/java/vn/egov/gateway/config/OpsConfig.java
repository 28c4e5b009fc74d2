package vn.egov.gateway.config;

import java.util.List;

/** Who may use the ops endpoints ({@code /ops/v1}): user names with PBKDF2 password hashes. */
public record OpsConfig(List<User> users) {

  /** {@code passwordHash} in the format of {@code vn.egov.gateway.ops.PasswordHash}. */
  public record User(String username, String passwordHash) {
  }
}
