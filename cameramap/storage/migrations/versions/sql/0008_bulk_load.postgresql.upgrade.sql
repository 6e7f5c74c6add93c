DROP TRIGGER IF EXISTS cameras_cells ON cameras;

DROP TRIGGER IF EXISTS cameras_cells_insert ON cameras;

DROP TRIGGER IF EXISTS claims_capabilities ON capability_claims;

DROP TRIGGER IF EXISTS claims_capabilities_insert ON capability_claims;

DROP TRIGGER IF EXISTS cameras_version ON cameras;

DROP TRIGGER IF EXISTS cameras_version_insert ON cameras;

DROP TRIGGER IF EXISTS capability_claims_version ON capability_claims;

DROP TRIGGER IF EXISTS capability_claims_version_insert ON capability_claims;

DROP TRIGGER IF EXISTS provenance_version ON provenance;

DROP TRIGGER IF EXISTS provenance_version_insert ON provenance;

CREATE TRIGGER cameras_cells_insert AFTER INSERT ON cameras FOR EACH ROW WHEN (current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION cameramap_cameras_cells();

CREATE TRIGGER cameras_cells AFTER DELETE ON cameras FOR EACH ROW EXECUTE FUNCTION cameramap_cameras_cells();

CREATE TRIGGER claims_capabilities_insert AFTER INSERT ON capability_claims FOR EACH ROW WHEN (current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION cameramap_claims_capabilities();

CREATE TRIGGER claims_capabilities AFTER UPDATE OR DELETE ON capability_claims FOR EACH ROW EXECUTE FUNCTION cameramap_claims_capabilities();

CREATE CONSTRAINT TRIGGER cameras_version_insert AFTER INSERT ON cameras DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION cameramap_bump_version();

CREATE CONSTRAINT TRIGGER cameras_version AFTER UPDATE OR DELETE ON cameras DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cameramap_bump_version();

CREATE CONSTRAINT TRIGGER capability_claims_version_insert AFTER INSERT ON capability_claims DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION cameramap_bump_version();

CREATE CONSTRAINT TRIGGER capability_claims_version AFTER UPDATE OR DELETE ON capability_claims DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cameramap_bump_version();

CREATE CONSTRAINT TRIGGER provenance_version_insert AFTER INSERT ON provenance DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION cameramap_bump_version();

CREATE CONSTRAINT TRIGGER provenance_version AFTER UPDATE OR DELETE ON provenance DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cameramap_bump_version();

CREATE OR REPLACE FUNCTION cameramap_fold_cells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
IF NEW.id <= coalesce(nullif(current_setting('cameramap.folded_upto', true), ''), '0')::bigint THEN RETURN NULL; END IF;
PERFORM set_config('cameramap.folded_upto', currval(pg_get_serial_sequence('camera_cell_deltas', 'id'))::text, true);
INSERT INTO camera_cells (level, x, y, status, count, sum_id, sum_lon, sum_lat, m_fixed, m_dome, m_panning, m_alpr, m_guard, c_face_recognition, c_licence_plate_recognition, c_ptz_zoom, c_night_vision, c_audio, c_analytics, c_central_platform_link, min_lon, min_lat, max_lon, max_lat) SELECT l.level, cameramap_cell_x(d.lon, l.level), cameramap_cell_y(d.lat, l.level), d.status, sum(d.sign), sum(d.sign * d.camera_id), sum(d.sign * d.lon), sum(d.sign * d.lat), sum((CASE WHEN (coalesce(d.surveillance_type, '') NOT IN ('ALPR', 'guard') AND d.camera_type = 'fixed') THEN d.sign ELSE 0 END)), sum((CASE WHEN (coalesce(d.surveillance_type, '') NOT IN ('ALPR', 'guard') AND d.camera_type = 'dome') THEN d.sign ELSE 0 END)), sum((CASE WHEN (coalesce(d.surveillance_type, '') NOT IN ('ALPR', 'guard') AND d.camera_type = 'panning') THEN d.sign ELSE 0 END)), sum((CASE WHEN d.surveillance_type = 'ALPR' THEN d.sign ELSE 0 END)), sum((CASE WHEN d.surveillance_type = 'guard' THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 1) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 2) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 4) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 8) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 16) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 32) <> 0 THEN d.sign ELSE 0 END)), sum((CASE WHEN (d.capabilities & 64) <> 0 THEN d.sign ELSE 0 END)), coalesce(min(d.lon) FILTER (WHERE d.sign > 0), 0), coalesce(min(d.lat) FILTER (WHERE d.sign > 0), 0), coalesce(max(d.lon) FILTER (WHERE d.sign > 0), 0), coalesce(max(d.lat) FILTER (WHERE d.sign > 0), 0) FROM camera_cell_deltas d CROSS JOIN (SELECT 4 AS level UNION ALL SELECT 6 AS level UNION ALL SELECT 8 AS level UNION ALL SELECT 10 AS level UNION ALL SELECT 12 AS level UNION ALL SELECT 14 AS level UNION ALL SELECT 16 AS level UNION ALL SELECT 18 AS level) AS l WHERE d.txid = pg_current_xact_id()::text::bigint GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ON CONFLICT (level, x, y, status) DO UPDATE SET count = camera_cells.count + excluded.count, sum_id = camera_cells.sum_id + excluded.sum_id, sum_lon = camera_cells.sum_lon + excluded.sum_lon, sum_lat = camera_cells.sum_lat + excluded.sum_lat, m_fixed = camera_cells.m_fixed + excluded.m_fixed, m_dome = camera_cells.m_dome + excluded.m_dome, m_panning = camera_cells.m_panning + excluded.m_panning, m_alpr = camera_cells.m_alpr + excluded.m_alpr, m_guard = camera_cells.m_guard + excluded.m_guard, c_face_recognition = camera_cells.c_face_recognition + excluded.c_face_recognition, c_licence_plate_recognition = camera_cells.c_licence_plate_recognition + excluded.c_licence_plate_recognition, c_ptz_zoom = camera_cells.c_ptz_zoom + excluded.c_ptz_zoom, c_night_vision = camera_cells.c_night_vision + excluded.c_night_vision, c_audio = camera_cells.c_audio + excluded.c_audio, c_analytics = camera_cells.c_analytics + excluded.c_analytics, c_central_platform_link = camera_cells.c_central_platform_link + excluded.c_central_platform_link, min_lon = LEAST(camera_cells.min_lon, excluded.min_lon), min_lat = LEAST(camera_cells.min_lat, excluded.min_lat), max_lon = GREATEST(camera_cells.max_lon, excluded.max_lon), max_lat = GREATEST(camera_cells.max_lat, excluded.max_lat);
IF EXISTS (SELECT 1 FROM camera_cell_deltas WHERE txid = pg_current_xact_id()::text::bigint AND sign < 0) THEN DELETE FROM camera_cells WHERE count <= 0 AND (level, x, y, status) IN (SELECT l.level, cameramap_cell_x(d.lon, l.level), cameramap_cell_y(d.lat, l.level), d.status FROM camera_cell_deltas d CROSS JOIN (SELECT 4 AS level UNION ALL SELECT 6 AS level UNION ALL SELECT 8 AS level UNION ALL SELECT 10 AS level UNION ALL SELECT 12 AS level UNION ALL SELECT 14 AS level UNION ALL SELECT 16 AS level UNION ALL SELECT 18 AS level) AS l WHERE d.txid = pg_current_xact_id()::text::bigint); END IF;
DELETE FROM camera_cell_deltas WHERE txid = pg_current_xact_id()::text::bigint;
UPDATE registry_version SET version = version + 1 WHERE id = 1 AND xmin::text::bigint <> (pg_current_xact_id()::text::bigint % 4294967296);
RETURN NULL;
END $$;
