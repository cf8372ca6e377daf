-- 0075_ledger.sql -- the ten-area ledgers (SPEC L1) and the board (L2); the follow-up items
-- of visits become ledger items (docs/ledger.md).
--
-- The follow-up items are changed in place into the ledger: follow_up_items is renamed
-- ledger_items and follow_up_updates ledger_updates, with the ledger's columns added. Every
-- item keeps its id, dates, responsible person, urgent flag, visit link and history rows; a
-- resolved item is done. Nothing is copied, so nothing can be lost on the way, the row-level
-- policies and the identity sequence move with the tables, and a visit's later problems are
-- written by the same insert as every other item. For readers of the old shape,
-- follow_up_items and follow_up_updates remain as read-only views of the visit items
-- (resolved for done); FollowUpList and FollowUpUpdate work on the ledger.

-- ---- policy data: areas, lists, topics, sources (common/rules/ledger.c holds the same) ----

CREATE TABLE ledger_areas (
    code  text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,23}$'),
    ord   smallint NOT NULL UNIQUE,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 40)
);
INSERT INTO ledger_areas (code, ord, label) VALUES
    ('monitoring', 1, '防返贫监测帮扶'),
    ('guarantees', 2, '三保障和饮水安全'),
    ('employment', 3, '脱贫劳动力就业'),
    ('industry', 4, '特色产业'),
    ('consumption', 5, '农产品消费帮扶'),
    ('income', 6, '脱贫人口增收'),
    ('assets', 7, '扶贫项目资产管理'),
    ('policy', 8, '政策落实'),
    ('living', 9, '人居环境'),
    ('party', 10, '党建促治理');

CREATE TABLE ledger_lists (
    code  text PRIMARY KEY,
    ord   smallint NOT NULL UNIQUE,
    label text NOT NULL
);
INSERT INTO ledger_lists (code, ord, label) VALUES
    ('responsibility', 1, '责任清单'), ('task', 2, '任务清单'), ('measure', 3, '措施清单');

-- M9: the living-environment actions and the party-building items, each of its area.
CREATE TABLE ledger_topics (
    code  text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,23}$'),
    area  text NOT NULL REFERENCES ledger_areas (code),
    ord   smallint NOT NULL UNIQUE,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 40)
);
INSERT INTO ledger_topics (code, area, ord, label) VALUES
    ('toilets', 'living', 1, '厕所革命'),
    ('sewage', 'living', 2, '生活污水治理'),
    ('garbage', 'living', 3, '生活垃圾治理'),
    ('farm_waste', 'living', 4, '农业废弃物资源化利用'),
    ('appearance', 'living', 5, '村容村貌提升'),
    ('member_plaque', 'party', 6, '党员户挂牌'),
    ('weak_org', 'party', 7, '软弱涣散党组织整顿'),
    ('asset_check', 'party', 8, '村集体资产清化收'),
    ('star_household', 'party', 9, '星级文明户评选');

-- Where an item comes from. record_village places the source record (NULL: no record, e.g.
-- by hand); a later issue's source (an inspection finding, an assessment) is one row here and
-- its records then go through zc_ledger_item_from.
CREATE TABLE ledger_source_kinds (
    kind           text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z_]{0,23}$'),
    label          text NOT NULL,
    record_village regprocedure
);

-- zc_visit_village(bigint), a visit's village, is 0071's (the attachments' kind `visit`).

INSERT INTO ledger_source_kinds (kind, label, record_village) VALUES
    ('hand', '手工登记', NULL),
    ('visit', '走访发现问题', 'zc_visit_village(bigint)'),
    ('gap', '三保障和饮水安全缺口', NULL);

-- ---- the items: follow_up_items, in place ----

ALTER TABLE follow_up_items RENAME TO ledger_items;
ALTER TABLE follow_up_updates RENAME TO ledger_updates;
ALTER INDEX follow_up_items_pkey RENAME TO ledger_items_pkey;
ALTER INDEX follow_up_items_village RENAME TO ledger_items_village_status;
ALTER INDEX follow_up_items_responsible RENAME TO ledger_items_responsible;
ALTER INDEX follow_up_updates_item RENAME TO ledger_updates_item;
ALTER POLICY follow_up_items_scope ON ledger_items RENAME TO ledger_items_scope;

-- The export kind follow_up_items becomes ledger_items (docs/export.md): its change column,
-- triggers and keyset function are made anew by 0045's procedure (every row is in the next
-- pull of the new kind once).
DROP TRIGGER follow_up_items_chg ON ledger_items;
DROP TRIGGER follow_up_items_tombstone ON ledger_items;
DROP FUNCTION zc_export_follow_up_items(text, text, pg_snapshot, pg_snapshot, xid8, bigint,
                                        integer);
ALTER TABLE ledger_items DROP COLUMN chg;

ALTER TABLE ledger_items DROP CONSTRAINT follow_up_items_status_check;
ALTER TABLE ledger_items DROP CONSTRAINT follow_up_items_text_check;
UPDATE ledger_items SET status = 'done' WHERE status = 'resolved';
ALTER TABLE ledger_items RENAME COLUMN resolved_at TO done_at;
ALTER TABLE ledger_items
    ALTER COLUMN visit_id DROP NOT NULL,
    ALTER COLUMN visit_date DROP NOT NULL,
    ADD COLUMN area text NOT NULL DEFAULT 'monitoring' REFERENCES ledger_areas (code),
    ADD COLUMN list text NOT NULL DEFAULT 'task' REFERENCES ledger_lists (code),
    ADD COLUMN topic text REFERENCES ledger_topics (code),
    ADD COLUMN source_kind text NOT NULL DEFAULT 'visit' REFERENCES ledger_source_kinds (kind),
    ADD COLUMN source_id bigint,
    ADD COLUMN source_key text CHECK (length(source_key) <= 1000),
    ADD COLUMN created_by bigint REFERENCES users (id),
    ADD CONSTRAINT ledger_items_text_check CHECK (length(text) BETWEEN 1 AND 1000),
    ADD CONSTRAINT ledger_items_status_check CHECK (status IN ('open', 'in_progress', 'done')),
    ADD CONSTRAINT ledger_items_done_at CHECK (status = 'done' OR done_at IS NULL),
    ADD CONSTRAINT ledger_items_visit CHECK ((source_kind = 'visit') = (visit_id IS NOT NULL)
                                             AND (visit_id IS NULL) = (visit_date IS NULL));
UPDATE ledger_items SET source_id = visit_id;
ALTER TABLE ledger_items ALTER COLUMN area DROP DEFAULT, ALTER COLUMN list DROP DEFAULT,
    ALTER COLUMN source_kind DROP DEFAULT;
-- A gap becomes an item once: its text names the guarantee record (zc_household_gaps).
CREATE UNIQUE INDEX ledger_items_source_key ON ledger_items (village_code, source_kind, source_key)
    WHERE source_key IS NOT NULL;
-- The board and the drill-down: counts of an org unit's villages by area, status and deadline
-- are read from this index alone (a range of village codes).
CREATE INDEX ledger_items_board ON ledger_items (village_code, area, status, deadline);
CREATE INDEX ledger_items_visit ON ledger_items (visit_id) WHERE visit_id IS NOT NULL;
CALL zc_export_kind('ledger_items');

-- The history: every change of status or note a row.
ALTER TABLE ledger_updates DROP CONSTRAINT follow_up_updates_status_check;
ALTER TABLE ledger_updates DROP CONSTRAINT follow_up_updates_note_check;
UPDATE ledger_updates SET status = 'done' WHERE status = 'resolved';
ALTER TABLE ledger_updates
    ADD COLUMN id bigint GENERATED BY DEFAULT AS IDENTITY,
    ADD COLUMN village_code text,
    ADD CONSTRAINT ledger_updates_status_check CHECK (status IN ('open', 'in_progress', 'done')),
    ADD CONSTRAINT ledger_updates_note_check CHECK (length(note) <= 1000);
UPDATE ledger_updates u SET village_code = i.village_code FROM ledger_items i
WHERE i.id = u.item_id;
ALTER TABLE ledger_updates ALTER COLUMN village_code SET NOT NULL,
    ADD PRIMARY KEY (id);
DROP POLICY follow_up_updates_scope ON ledger_updates;
CREATE POLICY ledger_updates_scope ON ledger_updates
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[]));
CALL zc_export_kind('ledger_updates');

GRANT SELECT ON ledger_areas, ledger_lists, ledger_topics, ledger_source_kinds TO zhucun_app;
GRANT SELECT, INSERT, UPDATE ON ledger_items, ledger_updates TO zhucun_app;
GRANT SELECT ON ledger_items, ledger_updates TO zhucun_export;

-- The old shape, read-only, for readers of the visit items (the caller's policies apply).
CREATE VIEW follow_up_items WITH (security_invoker = true) AS
    SELECT i.id, i.village_code, i.household_id, i.visit_id, i.visit_date, i.text,
           i.responsible_id, i.deadline, i.urgent,
           CASE i.status WHEN 'done' THEN 'resolved' ELSE i.status END AS status,
           i.created_at, i.done_at AS resolved_at
    FROM ledger_items i WHERE i.source_kind = 'visit';
CREATE VIEW follow_up_updates WITH (security_invoker = true) AS
    SELECT u.item_id, u.at, u.by_user,
           CASE u.status WHEN 'done' THEN 'resolved' ELSE u.status END AS status, u.note
    FROM ledger_updates u
    WHERE EXISTS (SELECT 1 FROM ledger_items i WHERE i.id = u.item_id AND i.source_kind = 'visit');
GRANT SELECT ON follow_up_items, follow_up_updates TO zhucun_app;

-- ---- evidence (0070's contract) ----

CREATE FUNCTION zc_ledger_item_village(p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT i.village_code FROM ledger_items i WHERE i.id = p_id
$$;
INSERT INTO attachment_kinds (kind, village_of, record_table, label)
VALUES ('ledger_item', 'zc_ledger_item_village(bigint)', 'ledger_items', '台账事项');

-- ---- writes ----

-- THE entry point for an item from any source (docs/ledger.md): by hand, a visit's problem, a
-- gap, and a later issue's inspection finding or assessment (a row of ledger_source_kinds).
-- Checks what needs rows: the village, the area, list and topic, the responsible person, the
-- source record (of that kind, in that village); audits; returns the item's id. With a
-- source_key an item already made from the same source is not made again: NULL is returned.
-- Scope is the caller's business (the keyed calls below check it first).
CREATE FUNCTION zc_ledger_item_from(p_actor_id bigint, p_actor text, p_addr text,
                                    p_source_kind text, p_source_id bigint, p_village text,
                                    p_area text, p_list text, p_text text, p_responsible bigint,
                                    p_deadline date, p_household bigint DEFAULT NULL,
                                    p_topic text DEFAULT NULL, p_urgent boolean DEFAULT false,
                                    p_source_key text DEFAULT NULL,
                                    p_evidence bytea[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    sk ledger_source_kinds;
    v_id bigint;
    v_place text;
    v_visit_date date;
BEGIN
    SELECT * INTO sk FROM ledger_source_kinds WHERE kind = p_source_kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION '台账事项来源 % 不存在', p_source_kind USING ERRCODE = 'ZC003',
            COLUMN = 'source_kind';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_village AND level = 5) THEN
        RAISE EXCEPTION '行政村 % 不存在', p_village USING ERRCODE = 'ZC005',
            COLUMN = 'village_code';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger_areas WHERE code = p_area) THEN
        RAISE EXCEPTION '领域 % 不存在', p_area USING ERRCODE = 'ZC003', COLUMN = 'area';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger_lists WHERE code = p_list) THEN
        RAISE EXCEPTION '清单 % 不存在', p_list USING ERRCODE = 'ZC003', COLUMN = 'list';
    END IF;
    IF p_topic IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_topics
                                           WHERE code = p_topic AND area = p_area) THEN
        RAISE EXCEPTION '专项 % 不属于该领域', p_topic USING ERRCODE = 'ZC003', COLUMN = 'topic';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM persons WHERE id = p_responsible) THEN
        RAISE EXCEPTION '责任人不存在' USING ERRCODE = 'ZC005', COLUMN = 'responsible_id';
    END IF;
    IF p_household IS NOT NULL AND NOT EXISTS (SELECT 1 FROM households h
                                               WHERE h.id = p_household
                                                 AND h.village_code = p_village) THEN
        RAISE EXCEPTION '农户不存在或不在该村' USING ERRCODE = 'ZC005', COLUMN = 'household_id';
    END IF;
    IF (sk.record_village IS NULL) <> (p_source_id IS NULL) THEN
        RAISE EXCEPTION '来源 % %', p_source_kind,
            CASE WHEN p_source_id IS NULL THEN '须指明来源记录' ELSE '没有来源记录' END
            USING ERRCODE = 'ZC003', COLUMN = 'source_id';
    END IF;
    IF sk.record_village IS NOT NULL THEN
        EXECUTE format('SELECT %s($1)', sk.record_village::regproc) INTO v_place
            USING p_source_id;
        IF v_place IS DISTINCT FROM p_village THEN
            RAISE EXCEPTION '来源记录 %:% 不存在或不在该村', p_source_kind, p_source_id
                USING ERRCODE = 'ZC005', COLUMN = 'source_id';
        END IF;
    END IF;
    IF p_source_kind = 'visit' THEN
        SELECT v.visit_date INTO v_visit_date FROM visits v WHERE v.id = p_source_id;
    END IF;
    INSERT INTO ledger_items (village_code, household_id, visit_id, visit_date, text,
                              responsible_id, deadline, urgent, status, area, list, topic,
                              source_kind, source_id, source_key, created_by, created_at)
    VALUES (p_village, p_household, CASE WHEN p_source_kind = 'visit' THEN p_source_id END,
            v_visit_date, p_text, p_responsible, p_deadline, coalesce(p_urgent, false), 'open',
            p_area, p_list, p_topic, p_source_kind, p_source_id, p_source_key,
            CASE WHEN p_actor_id > 0 THEN p_actor_id END, zc_now())
    ON CONFLICT (village_code, source_kind, source_key) WHERE source_key IS NOT NULL DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'ledger.create', 'ledger_item:' || v_id,
                            jsonb_build_object('village', p_village, 'area', p_area,
                                               'list', p_list, 'source', p_source_kind,
                                               'source_id', p_source_id,
                                               'responsible', p_responsible,
                                               'deadline', p_deadline));
    PERFORM zc_attach_link(p_actor_id, p_actor, p_addr, 'ledger_item', v_id, p_evidence);
    RETURN v_id;
END
$$;

-- LedgerItemCreate: an item by hand, in the caller's patterns; keyed.
CREATE FUNCTION zc_ledger_item_create(p_user bigint, p_key text, p_patterns text[],
                                      p_village text, p_household bigint, p_area text,
                                      p_list text, p_topic text, p_text text,
                                      p_responsible bigint, p_deadline date, p_urgent boolean,
                                      p_evidence text[], p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    v_id bigint;
BEGIN
    prev := zc_idem_claim(p_user, p_key, 'LedgerItemCreate');
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF NOT (p_village LIKE ANY (p_patterns)) THEN
        RAISE EXCEPTION '行政村不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'village_code';
    END IF;
    v_id := zc_ledger_item_from(p_user, p_actor, p_addr, 'hand', NULL, p_village, p_area,
                                p_list, p_text, p_responsible, p_deadline, p_household,
                                nullif(p_topic, ''), p_urgent, NULL,
                                ARRAY(SELECT decode(x, 'hex') FROM unnest(p_evidence) x));
    RETURN (zc_idem_store(p_user, p_key, jsonb_build_object('r', v_id::text))) ->> 'r';
END
$$;

-- Moves an item (in patterns) to a status ('' keeps it) with a note, and links evidence to
-- it; a done item stays done. One history row, one audit row.
CREATE FUNCTION zc_ledger_item_move(p_item bigint, p_patterns text[], p_status text,
                                    p_note text, p_evidence bytea[], p_actor_id bigint,
                                    p_actor text, p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    it ledger_items;
    v_status text;
BEGIN
    SELECT * INTO it FROM ledger_items
    WHERE id = p_item AND village_code LIKE ANY (p_patterns) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '台账事项不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'id';
    END IF;
    IF it.status = 'done' THEN
        RAISE EXCEPTION '该事项已办结' USING ERRCODE = 'ZC009', COLUMN = 'status';
    END IF;
    v_status := coalesce(nullif(p_status, ''), it.status);
    UPDATE ledger_items SET status = v_status,
        done_at = CASE WHEN v_status = 'done' THEN zc_now() END
    WHERE id = p_item;
    INSERT INTO ledger_updates (item_id, at, by_user, status, note, village_code)
    VALUES (p_item, zc_now(), p_actor_id, v_status, p_note, it.village_code);
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'ledger.' || v_status,
                            'ledger_item:' || p_item,
                            jsonb_build_object('note', p_note, 'from', it.status));
    PERFORM zc_attach_link(p_actor_id, p_actor, p_addr, 'ledger_item', p_item, p_evidence);
END
$$;

CREATE FUNCTION zc_ledger_item_update(p_user bigint, p_key text, p_patterns text[], p_item bigint,
                                      p_status text, p_note text, p_evidence text[],
                                      p_actor text, p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF zc_idem_claim(p_user, p_key, 'LedgerItemUpdate') IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM zc_ledger_item_move(p_item, p_patterns, p_status, p_note,
                                ARRAY(SELECT decode(x, 'hex') FROM unnest(p_evidence) x),
                                p_user, p_actor, p_addr);
    PERFORM zc_idem_store(p_user, p_key, jsonb_build_object('r', 'ok'));
END
$$;

-- FollowUpUpdate (0005, keyed by 0014) on the ledger: resolved is done.
CREATE OR REPLACE FUNCTION zc_follow_up_update(p_item bigint, p_patterns text[], p_status text,
                                               p_note text, p_actor_id bigint, p_actor text,
                                               p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM zc_ledger_item_move(p_item, p_patterns,
                                CASE p_status WHEN 'resolved' THEN 'done' ELSE p_status END,
                                p_note, NULL, p_actor_id, p_actor, p_addr);
END
$$;

-- A household's open gaps (zc_household_gaps, 0060) as items of 三保障和饮水安全, each once:
-- the gap's text names its guarantee record, and is the item's source key (a village's own
-- water problem is the village's item, not each household's). Returns the new items' ids.
CREATE FUNCTION zc_ledger_from_gaps(p_actor_id bigint, p_actor text, p_addr text,
                                    p_household bigint, p_responsible bigint, p_deadline date)
RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    v_village text;
    g record;
    v_id bigint;
    ids bigint[] := '{}';
BEGIN
    SELECT h.village_code INTO v_village FROM households h WHERE h.id = p_household;
    FOR g IN SELECT * FROM zc_household_gaps(p_household) LOOP
        v_id := zc_ledger_item_from(p_actor_id, p_actor, p_addr, 'gap', NULL, v_village,
                                    'guarantees', 'task', g.what, p_responsible, p_deadline,
                                    CASE WHEN g.area = 'water' AND g.member_id IS NULL
                                              AND g.what LIKE '本村%' THEN NULL
                                         ELSE p_household END,
                                    NULL, false, g.what, NULL);
        IF v_id IS NOT NULL THEN
            ids := ids || v_id;
        END IF;
    END LOOP;
    RETURN ids;
END
$$;

-- LedgerFromGaps: a household's gaps, or every household's of a village (the batch), in the
-- caller's patterns; keyed; the answer is the new items' ids, comma-separated.
CREATE FUNCTION zc_ledger_from_gaps_keyed(p_user bigint, p_key text, p_patterns text[],
                                          p_household bigint, p_village text,
                                          p_responsible bigint, p_deadline date, p_actor text,
                                          p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    ids bigint[] := '{}';
    h bigint;
BEGIN
    prev := zc_idem_claim(p_user, p_key, 'LedgerFromGaps');
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF p_household IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM households WHERE id = p_household
                       AND village_code LIKE ANY (p_patterns)) THEN
            RAISE EXCEPTION '农户不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
                COLUMN = 'household_id';
        END IF;
        ids := zc_ledger_from_gaps(p_user, p_actor, p_addr, p_household, p_responsible,
                                   p_deadline);
    ELSE
        IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_village AND level = 5
                       AND code LIKE ANY (p_patterns)) THEN
            RAISE EXCEPTION '行政村不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
                COLUMN = 'village_code';
        END IF;
        FOR h IN SELECT id FROM households WHERE village_code = p_village ORDER BY id LOOP
            ids := ids || zc_ledger_from_gaps(p_user, p_actor, p_addr, h, p_responsible,
                                              p_deadline);
        END LOOP;
    END IF;
    RETURN (zc_idem_store(p_user, p_key,
                          jsonb_build_object('r', array_to_string(ids, ',')))) ->> 'r';
END
$$;

-- A visit's problems are ledger items from now on: the visit is written as before (0005),
-- each problem by zc_ledger_item_from, of the area the cadre chose (p_areas; NULL or '' =
-- 防返贫监测帮扶, the household's problem) and the task list.
CREATE FUNCTION zc_visit_create_ledger(p_user_id bigint, p_key text, p_household bigint,
                                       p_village text, p_patterns text[], p_date date,
                                       p_mode text, p_cadres bigint[], p_notes text,
                                       p_texts text[], p_responsible bigint[],
                                       p_deadlines date[], p_urgent boolean[], p_areas text[],
                                       p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    village text := p_village;
    since date;
    vid bigint;
    items text;
    tid bigint;
BEGIN
    prev := zc_idem_claim(p_user_id, p_key, 'VisitCreate');
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF p_household IS NOT NULL THEN
        SELECT h.village_code, h.since INTO village, since FROM households h
        WHERE h.id = p_household AND h.village_code LIKE ANY (p_patterns);
        IF village IS NULL THEN
            RAISE EXCEPTION '农户不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
                COLUMN = 'household_id';
        END IF;
        IF p_date < since THEN
            RAISE EXCEPTION '走访日期早于该户登记日期 %', since USING ERRCODE = 'ZC003',
                COLUMN = 'visit_date';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM org_units WHERE code = village AND level = 5
                      AND code LIKE ANY (p_patterns)) THEN
        RAISE EXCEPTION '行政村不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'village_code';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_cadres) AS c(pid)
               WHERE NOT EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
                                 WHERE m.person_id = c.pid AND m.end_date IS NULL
                                   AND (t.org_code = village
                                        OR t.org_code = substr(village, 1, 9) || '000'))) THEN
        RAISE EXCEPTION '在场队员须是本村（或本乡镇）工作队的在任队员' USING ERRCODE = 'ZC009',
            COLUMN = 'cadre_ids';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_responsible) AS r(pid)
               WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = r.pid)) THEN
        RAISE EXCEPTION '责任人不存在' USING ERRCODE = 'ZC005', COLUMN = 'problems';
    END IF;
    SELECT m.team_id INTO tid FROM memberships m WHERE m.person_id = p_cadres[1]
      AND m.end_date IS NULL;
    INSERT INTO visits (visit_date, household_id, village_code, team_id, mode, cadre_ids, notes,
                        recorded_by)
    VALUES (p_date, p_household, village, tid, p_mode, p_cadres, p_notes, p_user_id)
    RETURNING id INTO vid;
    SELECT string_agg(zc_ledger_item_from(p_user_id, p_actor, p_addr, 'visit', vid, village,
                                          coalesce(nullif(x.a, ''), 'monitoring'), 'task', x.t,
                                          x.r, x.d, p_household, NULL, x.u)::text, ','
                      ORDER BY x.n)
    INTO items
    FROM unnest(p_texts, p_responsible, p_deadlines, p_urgent, p_areas)
         WITH ORDINALITY AS x(t, r, d, u, a, n);
    PERFORM zc_audit_append(p_user_id, p_actor, p_addr, 'visit.create', 'visit:' || vid,
                            jsonb_build_object('household', p_household, 'village', village,
                                               'date', p_date, 'mode', p_mode,
                                               'items', coalesce(items, '')));
    RETURN (zc_idem_store(p_user_id, p_key,
                          jsonb_build_object('r', vid || ':' || coalesce(items, '')))) ->> 'r';
END
$$;

-- The old entry point, as the old server called it: every problem of the default area.
CREATE OR REPLACE FUNCTION zc_visit_create(p_user_id bigint, p_key text, p_household bigint,
                                           p_village text, p_patterns text[], p_date date,
                                           p_mode text, p_cadres bigint[], p_notes text,
                                           p_texts text[], p_responsible bigint[],
                                           p_deadlines date[], p_urgent boolean[],
                                           p_actor text, p_addr text)
RETURNS text
LANGUAGE sql AS $$
    SELECT zc_visit_create_ledger(p_user_id, p_key, p_household, p_village, p_patterns, p_date,
                                  p_mode, p_cadres, p_notes, p_texts, p_responsible,
                                  p_deadlines, p_urgent, NULL, p_actor, p_addr)
$$;

-- ---- reads ----

-- The board of the villages under a code prefix: per area, the items overdue (not done, past
-- the deadline on the pinned clock), open and in progress (not overdue), and done. The four
-- are disjoint and sum to the area's items. Read from ledger_items_board alone.
CREATE FUNCTION zc_ledger_board(p_prefix text, p_patterns text[])
RETURNS TABLE (area text, label text, overdue bigint, open bigint, in_progress bigint,
               done bigint)
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT i.area,
               count(*) FILTER (WHERE i.status <> 'done' AND i.deadline < zc_today()) AS overdue,
               count(*) FILTER (WHERE i.status = 'open' AND i.deadline >= zc_today()) AS open,
               count(*) FILTER (WHERE i.status = 'in_progress' AND i.deadline >= zc_today())
                   AS in_progress,
               count(*) FILTER (WHERE i.status = 'done') AS done
        FROM ledger_items i
        WHERE i.village_code >= p_prefix AND i.village_code < p_prefix || 'a'
          AND i.village_code LIKE ANY (p_patterns)
        GROUP BY i.area)
    SELECT a.code, a.label, coalesce(c.overdue, 0), coalesce(c.open, 0),
           coalesce(c.in_progress, 0), coalesce(c.done, 0)
    FROM ledger_areas a LEFT JOIN c ON c.area = a.code
    ORDER BY a.ord
$$;

GRANT SELECT ON attachment_links TO zhucun_app;
