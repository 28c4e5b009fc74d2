package vn.egov.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Token signing and lifetimes. The first signing key signs; every key listed is published in the
 * JWKS, so a new key can be published before it signs and an old one kept until its tokens expire.
 */
public record TokenConfig(
    List<Path> signingKeys,
    Duration accessTokenTtl,
    Duration idTokenTtl,
    Duration refreshTokenTtl,
    Duration codeTtl,
    String pairwiseSalt) {
}
