DROP TRIGGER IF EXISTS cameras_cells_insert;

DROP TRIGGER IF EXISTS cameras_cells_update;

DROP TRIGGER IF EXISTS cameras_cells_delete;

DROP TRIGGER IF EXISTS cameras_operator_capabilities;

DROP TRIGGER IF EXISTS claims_capabilities_insert;

DROP TRIGGER IF EXISTS cameras_version_insert;

DROP TRIGGER IF EXISTS capability_claims_version_insert;

DROP TRIGGER IF EXISTS provenance_version_insert;

DROP TRIGGER IF EXISTS operators_version_insert;

DROP TRIGGER IF EXISTS sources_version_insert;

DROP TRIGGER IF EXISTS claims_capabilities_update;

DROP TRIGGER IF EXISTS cameras_version_update;

DROP TRIGGER IF EXISTS capability_claims_version_update;

DROP TRIGGER IF EXISTS provenance_version_update;

DROP TRIGGER IF EXISTS operators_version_update;

DROP TRIGGER IF EXISTS sources_version_update;

DROP TRIGGER IF EXISTS claims_capabilities_delete;

DROP TRIGGER IF EXISTS cameras_version_delete;

DROP TRIGGER IF EXISTS capability_claims_version_delete;

DROP TRIGGER IF EXISTS provenance_version_delete;

DROP TRIGGER IF EXISTS operators_version_delete;

DROP TRIGGER IF EXISTS sources_version_delete;

ALTER TABLE cameras DROP COLUMN capabilities;

DROP TABLE registry_version;

DROP TABLE camera_cells;
