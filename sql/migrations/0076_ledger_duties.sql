-- 0076_ledger_duties.sql -- M9's periodic activities as duty rules met by done ledger items
-- (docs/ledger.md, "M9"; docs/duties.md, "Adding what meets a rule").
--
-- The five living-environment actions and the party-building items are ledger items of their
-- areas with a topic (0075's ledger_topics). What recurs is a rule of the duty engine, not an
-- item that copies itself: a village owes, each period, so many items of the rule's topics
-- done; the report, the due lists and the compliance figures then count them as they count
-- every other duty, and a changed number is a new version of the rule (zc_duty_rule_publish).
-- Each topic says which record kind its done items are.

ALTER TABLE ledger_topics ADD COLUMN record_kind text;

INSERT INTO duty_record_kinds (kind, name, unit, judge) VALUES
    ('environment_action', '人居环境整治事项办结', '项', 'count'),
    ('asset_check', '村集体资产清化收', '次', 'count');
ALTER TABLE ledger_topics ADD FOREIGN KEY (record_kind) REFERENCES duty_record_kinds (kind);
UPDATE ledger_topics SET record_kind = 'environment_action' WHERE area = 'living';
UPDATE ledger_topics SET record_kind = 'asset_check' WHERE code = 'asset_check';

-- The done items of the topics of record kind p_kind in villages under p_prefix, by the day
-- they were done (Asia/Shanghai), one each.
CREATE FUNCTION zc_ledger_topics_done(p_kind text, p_prefix text, p_from date, p_to date)
RETURNS TABLE (subject text, day date, amount integer)
LANGUAGE sql STABLE AS $$
    SELECT i.village_code, (i.done_at AT TIME ZONE 'Asia/Shanghai')::date, 1
    FROM ledger_items i JOIN ledger_topics t ON t.code = i.topic AND t.record_kind = p_kind
    WHERE i.status = 'done' AND i.village_code LIKE p_prefix || '%'
      AND i.done_at >= p_from::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND i.done_at < (p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
$$;

CREATE FUNCTION zc_environment_actions_counted(p_prefix text, p_from date, p_to date)
RETURNS TABLE (subject text, day date, amount integer)
LANGUAGE sql STABLE AS $$
    SELECT * FROM zc_ledger_topics_done('environment_action', p_prefix, p_from, p_to)
$$;
CREATE FUNCTION zc_asset_checks_counted(p_prefix text, p_from date, p_to date)
RETURNS TABLE (subject text, day date, amount integer)
LANGUAGE sql STABLE AS $$
    SELECT * FROM zc_ledger_topics_done('asset_check', p_prefix, p_from, p_to)
$$;
UPDATE duty_record_kinds SET counter = 'zc_environment_actions_counted(text,date,date)'
WHERE kind = 'environment_action';
UPDATE duty_record_kinds SET counter = 'zc_asset_checks_counted(text,date,date)'
WHERE kind = 'asset_check';

INSERT INTO duty_rules (code, description, subject, team_kind, record_kind, required, period,
                        effective_from) VALUES
    ('M9-environment', '每村每月至少办结一项人居环境整治事项（厕所、污水、垃圾、农业废弃物、村容村貌）',
     'village', 'village', 'environment_action', 1, 'month', '2026-01-01'),
    ('M9-assets', '每村每季度开展一次村集体资产清化收', 'village', 'village', 'asset_check', 1,
     'quarter', '2026-01-01');

CREATE INDEX ledger_items_topic_done ON ledger_items (topic, done_at) WHERE topic IS NOT NULL;
GRANT SELECT ON ledger_topics TO zhucun_app;
