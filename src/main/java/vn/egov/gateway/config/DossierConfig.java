package vn.egov.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Dossier handling on the gateway's side (DESIGN.md section 5).
 *
 * @param calendarFile    the working-day calendar (holidays, compensatory days, working Saturdays)
 * @param overdueCheck    how often open dossiers are checked against their due dates
 * @param webhookTimeout  per webhook call to a portal
 * @param webhookAttempts retry budget of one webhook event before it is given up (and logged)
 */
public record DossierConfig(Path calendarFile, Duration overdueCheck, Duration webhookTimeout, int webhookAttempts) {
}
