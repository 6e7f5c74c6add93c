DROP TRIGGER IF EXISTS cameras_version ON cameras;

DROP TRIGGER IF EXISTS capability_claims_version ON capability_claims;

DROP TRIGGER IF EXISTS provenance_version ON provenance;

DROP TRIGGER IF EXISTS operators_version ON operators;

DROP TRIGGER IF EXISTS sources_version ON sources;

DROP TRIGGER IF EXISTS cameras_cells ON cameras;

DROP TRIGGER IF EXISTS cameras_cells_update ON cameras;

DROP TRIGGER IF EXISTS cameras_operator_capabilities ON cameras;

DROP TRIGGER IF EXISTS claims_capabilities ON capability_claims;

DROP TRIGGER IF EXISTS camera_cell_deltas_fold ON camera_cell_deltas;

DROP TABLE camera_cell_deltas;

DROP FUNCTION IF EXISTS cameramap_cameras_cells();

DROP FUNCTION IF EXISTS cameramap_claims_capabilities();

DROP FUNCTION IF EXISTS cameramap_camera_operator();

DROP FUNCTION IF EXISTS cameramap_bump_version();

DROP FUNCTION IF EXISTS cameramap_fold_cells();

DROP FUNCTION IF EXISTS cameramap_cell_x(double precision, integer);

DROP FUNCTION IF EXISTS cameramap_cell_y(double precision, integer);

ALTER TABLE cameras DROP COLUMN capabilities;

DROP TABLE registry_version;

DROP TABLE camera_cells;
