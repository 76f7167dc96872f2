-- Alarm evaluation: when an alarm was raised (its excursion started earlier, at started_at), and the state of each
-- (rule, device) between readings: the newest reading time evaluated and the excursion's peak so far.
ALTER TABLE alarms ADD COLUMN raised_at BIGINT;
ALTER TABLE alarm_state ADD COLUMN last_ts BIGINT;
ALTER TABLE alarm_state ADD COLUMN peak ${double};
CREATE INDEX alarms_open ON alarms (rule_id, device, ended_at);
