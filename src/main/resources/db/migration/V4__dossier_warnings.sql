-- The validator's warnings on an accepted dossier (JSON array), e.g. prefill-missing: locked fields
-- that no prefill signature vouches for. Delivered to the agency so it checks them on paper.
ALTER TABLE dossiers ADD COLUMN IF NOT EXISTS warnings VARCHAR;
