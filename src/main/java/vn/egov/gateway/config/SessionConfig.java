package vn.egov.gateway.config;

import java.time.Duration;

/**
 * The SSO session at the gateway, how long a citizen may take to log in upstream, and where
 * short-lived state lives: in memory (one instance) or in Redis (several instances).
 */
public record SessionConfig(Duration ttl, Duration loginTimeout, String redisUrl, String redisPrefix) {
}
