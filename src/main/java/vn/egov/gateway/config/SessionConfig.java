package vn.egov.gateway.config;

import java.time.Duration;

/** The SSO session at the gateway and how long a citizen may take to log in upstream. */
public record SessionConfig(Duration ttl, Duration loginTimeout) {
}
