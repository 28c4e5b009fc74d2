package vn.egov.gateway.dossier;

import java.util.List;

/** A dossier with its status history in the order the statuses took effect. */
public record DossierHistory(Dossier dossier, List<StatusChange> changes) {
  public DossierHistory {
    changes = List.copyOf(changes);
  }
}
