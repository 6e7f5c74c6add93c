DROP TRIGGER IF EXISTS cameras_rtree_insert;

CREATE TRIGGER cameras_rtree_insert AFTER INSERT ON cameras BEGIN INSERT INTO camera_rtree VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat); END;

DROP TRIGGER IF EXISTS revisions_log_change;

CREATE TRIGGER revisions_log_change AFTER INSERT ON revisions BEGIN INSERT INTO changes (txid, camera_id, revision_id, kind, created_at)
  VALUES (0, NEW.camera_id, NEW.id, CASE
  WHEN NEW.action = 'create' THEN 'created'
  WHEN json_extract(NEW.after, '$.status') = 'removed'
       AND COALESCE(json_extract(NEW.before, '$.status'), '') <> 'removed' THEN 'removed'
  ELSE 'updated' END, NEW.created_at); END;

DROP TRIGGER IF EXISTS cameras_cells_insert;

CREATE TRIGGER cameras_cells_insert AFTER INSERT ON cameras BEGIN INSERT INTO camera_cells (level, x, y, status, count, sum_id, sum_lon, sum_lat, m_fixed, m_dome, m_panning, m_alpr, m_guard, c_face_recognition, c_licence_plate_recognition, c_ptz_zoom, c_night_vision, c_audio, c_analytics, c_central_platform_link, min_lon, min_lat, max_lon, max_lat) SELECT l.level, min(max(CAST(floor((NEW.lon + 180.0) / 360.0 * (1 << l.level)) AS INTEGER), 0), (1 << l.level) - 1), min(max(CAST(floor((1.0 - ln(tan(radians(min(max(NEW.lat, -85.0511287798), 85.0511287798))) + 1.0 / cos(radians(min(max(NEW.lat, -85.0511287798), 85.0511287798)))) / pi()) / 2.0 * (1 << l.level)) AS INTEGER), 0), (1 << l.level) - 1), NEW.status, 1, 1 * NEW.id, 1 * NEW.lon, 1 * NEW.lat, (CASE WHEN (coalesce(NEW.surveillance_type, '') NOT IN ('ALPR', 'guard') AND NEW.camera_type = 'fixed') THEN 1 ELSE 0 END), (CASE WHEN (coalesce(NEW.surveillance_type, '') NOT IN ('ALPR', 'guard') AND NEW.camera_type = 'dome') THEN 1 ELSE 0 END), (CASE WHEN (coalesce(NEW.surveillance_type, '') NOT IN ('ALPR', 'guard') AND NEW.camera_type = 'panning') THEN 1 ELSE 0 END), (CASE WHEN NEW.surveillance_type = 'ALPR' THEN 1 ELSE 0 END), (CASE WHEN NEW.surveillance_type = 'guard' THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 1) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 2) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 4) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 8) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 16) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 32) <> 0 THEN 1 ELSE 0 END), (CASE WHEN (NEW.capabilities & 64) <> 0 THEN 1 ELSE 0 END), NEW.lon, NEW.lat, NEW.lon, NEW.lat FROM (SELECT 4 AS level UNION ALL SELECT 6 AS level UNION ALL SELECT 8 AS level UNION ALL SELECT 10 AS level UNION ALL SELECT 12 AS level UNION ALL SELECT 14 AS level UNION ALL SELECT 16 AS level UNION ALL SELECT 18 AS level) AS l WHERE true ON CONFLICT (level, x, y, status) DO UPDATE SET count = camera_cells.count + excluded.count, sum_id = camera_cells.sum_id + excluded.sum_id, sum_lon = camera_cells.sum_lon + excluded.sum_lon, sum_lat = camera_cells.sum_lat + excluded.sum_lat, m_fixed = camera_cells.m_fixed + excluded.m_fixed, m_dome = camera_cells.m_dome + excluded.m_dome, m_panning = camera_cells.m_panning + excluded.m_panning, m_alpr = camera_cells.m_alpr + excluded.m_alpr, m_guard = camera_cells.m_guard + excluded.m_guard, c_face_recognition = camera_cells.c_face_recognition + excluded.c_face_recognition, c_licence_plate_recognition = camera_cells.c_licence_plate_recognition + excluded.c_licence_plate_recognition, c_ptz_zoom = camera_cells.c_ptz_zoom + excluded.c_ptz_zoom, c_night_vision = camera_cells.c_night_vision + excluded.c_night_vision, c_audio = camera_cells.c_audio + excluded.c_audio, c_analytics = camera_cells.c_analytics + excluded.c_analytics, c_central_platform_link = camera_cells.c_central_platform_link + excluded.c_central_platform_link, min_lon = min(camera_cells.min_lon, excluded.min_lon), min_lat = min(camera_cells.min_lat, excluded.min_lat), max_lon = max(camera_cells.max_lon, excluded.max_lon), max_lat = max(camera_cells.max_lat, excluded.max_lat); UPDATE cameras SET capabilities = capabilities | (SELECT coalesce(sum(DISTINCT (CASE cc.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END)), 0) FROM capability_claims cc WHERE cc.camera_id IS NULL AND cc.operator_id = NEW.operator_id) WHERE id = NEW.id AND NEW.operator_id IS NOT NULL AND (capabilities | (SELECT coalesce(sum(DISTINCT (CASE cc.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END)), 0) FROM capability_claims cc WHERE cc.camera_id IS NULL AND cc.operator_id = NEW.operator_id)) <> capabilities; END;

DROP TRIGGER IF EXISTS claims_capabilities_insert;

CREATE TRIGGER claims_capabilities_insert AFTER INSERT ON capability_claims BEGIN UPDATE cameras SET capabilities = capabilities | (CASE NEW.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END) WHERE id = NEW.camera_id AND (capabilities & (CASE NEW.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END)) = 0; UPDATE cameras SET capabilities = capabilities | (CASE NEW.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END) WHERE NEW.camera_id IS NULL AND operator_id = NEW.operator_id AND (capabilities & (CASE NEW.capability WHEN 'face_recognition' THEN 1 WHEN 'licence_plate_recognition' THEN 2 WHEN 'ptz_zoom' THEN 4 WHEN 'night_vision' THEN 8 WHEN 'audio' THEN 16 WHEN 'analytics' THEN 32 WHEN 'central_platform_link' THEN 64 ELSE 0 END)) = 0; END;

DROP TRIGGER IF EXISTS cameras_version_insert;

CREATE TRIGGER cameras_version_insert AFTER INSERT ON cameras BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END;

DROP TRIGGER IF EXISTS capability_claims_version_insert;

CREATE TRIGGER capability_claims_version_insert AFTER INSERT ON capability_claims BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END;

DROP TRIGGER IF EXISTS provenance_version_insert;

CREATE TRIGGER provenance_version_insert AFTER INSERT ON provenance BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END;

DROP TABLE bulk_load;
