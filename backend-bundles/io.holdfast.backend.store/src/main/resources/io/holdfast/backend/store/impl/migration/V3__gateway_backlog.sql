-- The store backlog each gateway reports (metrics backlog_messages and backlog_oldest_age_ms of its BIRTH and of its
-- periodic $EDC/<account>/<client>/HOLDFAST-V1/STATUS message): readings kept on the gateway and not yet confirmed by
-- the broker, the age of the oldest in ms, and when the backend received that report (epoch ms). NULL: never reported.
ALTER TABLE gateways ADD COLUMN backlog BIGINT;
ALTER TABLE gateways ADD COLUMN backlog_oldest_age_ms BIGINT;
ALTER TABLE gateways ADD COLUMN backlog_at BIGINT;
