-- 0177_notice_offices.sql -- offices as notice recipients (issue 23; docs/notices.md
-- "Offices as recipients"): a new scope kind 'offices' (scope_code a province, city or county
-- within the sender's place): the recipients are the offices of the scope's child units —
-- every active account holding the office role of the child's level granted at exactly that
-- unit (city_office at a city, county_office at a county, township at a township;
-- zc_notice_offices). An office's receipt is a row of notice_recipients like a cadre's, with the
-- account (user_id) in place of the person and team, placed at the office's unit: the inbox, the
-- badge and its pushes, the reading, the reply, the report by child unit, the pending list and
-- the reminders read the same rows by the one test of "the caller's receipt"
-- (zc_notice_mine: the caller's person, or the caller's account).
--
-- The notices' times come from the system clock (zc_now(), 0015; docs/clock.md) like the rest
-- of the office work: the sending and reminder defaults here, and the read, reply and reminder
-- times in the functions below (0160 had now() and zc_now(); on a pinned day the desk
-- showed a notice sent on the real day).
ALTER TABLE notices ALTER COLUMN sent_at SET DEFAULT zc_now();
ALTER TABLE notice_reminders ALTER COLUMN sent_at SET DEFAULT zc_now();

ALTER TABLE notices DROP CONSTRAINT notices_scope_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_scope_kind_check
    CHECK (scope_kind IN ('place', 'unit', 'people', 'offices'));

ALTER TABLE notice_recipients
    ADD COLUMN user_id bigint REFERENCES users (id),
    ALTER COLUMN person_id DROP NOT NULL,
    ALTER COLUMN team_id DROP NOT NULL,
    ADD CONSTRAINT notice_recipients_who
        CHECK ((person_id IS NOT NULL AND team_id IS NOT NULL AND user_id IS NULL)
               OR (person_id IS NULL AND team_id IS NULL AND user_id IS NOT NULL)),
    ADD CONSTRAINT notice_recipients_user UNIQUE (notice_id, user_id);
CREATE INDEX notice_recipients_user_inbox ON notice_recipients (user_id, notice_id)
    WHERE user_id IS NOT NULL;

-- Whether a receipt of person p_person or account p_account (its columns) is user p_user's:
-- their person's (a cadre) or their account's (an office). Inlined where it is used, so that
-- the indexes on either column serve an inbox.
CREATE FUNCTION zc_notice_mine(p_person bigint, p_account bigint, p_user bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_person = zc_notice_person(p_user) OR p_account = p_user
$$;

-- The offices of the child units of p_code (a province, city or county): the active accounts
-- granted the office role of the child's level at exactly the child unit.
CREATE FUNCTION zc_notice_offices(p_code text)
RETURNS TABLE (user_id bigint, org_code text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT g.user_id, o.code
    FROM org_units o
    JOIN role_grants g ON g.scope_code = o.code
     AND g.role = CASE o.level WHEN 2 THEN 'city_office' WHEN 3 THEN 'county_office'
                               WHEN 4 THEN 'township' END
    JOIN users u ON u.id = g.user_id AND NOT u.disabled
    WHERE o.parent_code = p_code
$$;

-- Tells the recipients' sessions (events.h; NoticeFollow) that notice p_notice changed for
-- them: its receipts p_receipts (NULL: all) whose recipient has an account (a cadre's person's,
-- an office's own), 50 a notification. (0160's took person ids; its callers, NoticeSend and
-- NoticeRemind, are replaced here with it.)
DROP FUNCTION zc_notice_notify(bigint, bigint[]);
CREATE FUNCTION zc_notice_notify(p_notice bigint, p_receipts bigint[]) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_notify('zc_notice',
                     json_build_object('notice', p_notice, 'users', array_agg(u))::text)
    FROM (SELECT x.u, (row_number() OVER (ORDER BY x.u) - 1) / 50 AS g
          FROM (SELECT DISTINCT coalesce(r.user_id, pe.user_id) AS u
                FROM notice_recipients r LEFT JOIN persons pe ON pe.id = r.person_id
                WHERE r.notice_id = p_notice
                  AND (p_receipts IS NULL OR r.id = ANY (p_receipts))) x
          WHERE x.u IS NOT NULL) y
    GROUP BY g
$$;

-- NoticeSend (0160's, with the scope 'offices': p_code a province, city or county under the
-- sender's place, its child units' offices the recipients; not a unit's notice).
CREATE OR REPLACE FUNCTION zc_notice_send(p_user bigint, p_key text, p_patterns text[],
                               p_units bigint[], p_org text, p_unit bigint, p_title text,
                               p_body text,
                               p_reply_required boolean, p_reply_by date, p_kind text,
                               p_code text, p_scope_unit bigint, p_people bigint[],
                               p_files bytea[], p_max integer, p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'NoticeSend');
    v_org text;
    v_level integer;
    v_prefix text;   -- the sender's place's prefix ('' for a unit: anywhere)
    v_unit bigint := NULLIF(p_unit, 0);
    v_scope text;
    stray bigint;
    nid bigint;
    n integer;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF v_unit IS NOT NULL THEN
        SELECT u.org_code INTO v_org FROM dispatch_units u
        WHERE u.id = v_unit AND u.id = ANY (p_units);
        IF NOT FOUND THEN
            RAISE EXCEPTION '派出单位 #% 不存在或不是您管理的单位', v_unit
                USING ERRCODE = 'ZC005', COLUMN = 'unit_id';
        END IF;
        v_prefix := '';
    ELSE
        SELECT o.code, o.level INTO v_org, v_level FROM org_units o
        WHERE o.code = p_org AND o.level <= 4 AND o.code LIKE ANY (p_patterns);
        IF NOT FOUND THEN
            RAISE EXCEPTION '发文单位 % 不存在、不在您的管辖范围内或不是省、市、县、乡镇', p_org
                USING ERRCODE = 'ZC005', COLUMN = 'org_code';
        END IF;
        v_prefix := zc_policy_scope_prefix(v_org, v_level);
    END IF;
    SELECT o.level INTO v_level FROM org_units o WHERE o.code = v_org;
    IF p_kind = 'offices' AND v_unit IS NOT NULL THEN
        RAISE EXCEPTION '派出单位的通知只发给本单位的驻村干部，不发给各级驻村办'
            USING ERRCODE = 'ZC007', COLUMN = 'scope_kind';
    END IF;
    IF p_kind IN ('place', 'offices') THEN
        SELECT zc_policy_scope_prefix(o.code, o.level) INTO v_scope FROM org_units o
        WHERE o.code = p_code AND o.code LIKE v_prefix || '%';
        IF NOT FOUND THEN
            RAISE EXCEPTION '接收范围 % 不存在或不在发文单位之下', p_code
                USING ERRCODE = 'ZC005', COLUMN = 'scope_code';
        END IF;
        IF p_kind = 'offices' AND (SELECT o.level FROM org_units o WHERE o.code = p_code) >= 4
        THEN
            RAISE EXCEPTION '% 之下没有驻村办：按驻村办发送须选省、市或县，发给其下一级的驻村办',
                p_code USING ERRCODE = 'ZC009', COLUMN = 'scope_code';
        END IF;
    ELSIF p_kind = 'unit' THEN
        IF NOT EXISTS (SELECT 1 FROM dispatch_units u WHERE u.id = p_scope_unit
                       AND (CASE WHEN v_unit IS NULL THEN u.org_code LIKE v_prefix || '%'
                                 ELSE u.id = v_unit END)) THEN
            RAISE EXCEPTION '派出单位 #% 不存在或不在发文单位之下', p_scope_unit
                USING ERRCODE = 'ZC005', COLUMN = 'scope_unit';
        END IF;
    ELSE
        SELECT x INTO stray FROM unnest(p_people) x
        WHERE NOT EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
                          WHERE m.person_id = x AND m.start_date <= zc_today()
                            AND (m.end_date IS NULL OR m.end_date >= zc_today())
                            AND (CASE WHEN v_unit IS NULL THEN t.org_code LIKE v_prefix || '%'
                                      ELSE m.unit_id = v_unit END))
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '人员 #% 不是发文单位之下的在岗驻村干部', stray
                USING ERRCODE = 'ZC009', COLUMN = 'people';
        END IF;
    END IF;
    INSERT INTO notices (org_code, unit_id, title, body, reply_required, reply_by, scope_kind,
                         scope_code, scope_unit, sent_by)
    VALUES (v_org, v_unit, p_title, p_body, p_reply_required, p_reply_by, p_kind,
            CASE WHEN p_kind IN ('place', 'offices') THEN p_code END,
            CASE WHEN p_kind = 'unit' THEN p_scope_unit END, p_user)
    RETURNING id INTO nid;
    IF p_kind = 'offices' THEN
        -- Offices: the accounts of the offices of the scope's child units
        -- (zc_notice_offices), one receipt each, placed at the office's unit; the same
        -- receipts as a cadre's from here on.
        INSERT INTO notice_recipients (notice_id, user_id, village_code, child_code, sender_org,
                                       sender_unit)
        SELECT nid, f.user_id, f.org_code, zc_notice_child(f.org_code, v_level), v_org, NULL
        FROM zc_notice_offices(p_code) f
        ORDER BY f.org_code, f.user_id;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN
            RAISE EXCEPTION '% 之下的驻村办都还没有账号', p_code USING ERRCODE = 'ZC009',
                COLUMN = 'scope_code';
        END IF;
    ELSE
        -- The fan-out: one row per cadre serving today in the scope (the latest membership
        -- of each), in one statement.
        INSERT INTO notice_recipients (notice_id, person_id, team_id, village_code, child_code,
                                       sender_org, sender_unit)
        SELECT DISTINCT ON (m.person_id) nid, m.person_id, t.id, t.org_code,
               zc_notice_child(t.org_code, v_level), v_org, v_unit
        FROM memberships m JOIN teams t ON t.id = m.team_id
        WHERE m.start_date <= zc_today() AND (m.end_date IS NULL OR m.end_date >= zc_today())
          AND CASE p_kind
                  WHEN 'place' THEN t.org_code LIKE v_scope || '%'
                       AND (v_unit IS NULL OR m.unit_id = v_unit)
                  WHEN 'unit' THEN m.unit_id = p_scope_unit
                  ELSE m.person_id = ANY (p_people)
              END
        ORDER BY m.person_id, m.start_date DESC, m.id DESC;
        GET DIAGNOSTICS n = ROW_COUNT;
    END IF;
    IF n = 0 THEN
        RAISE EXCEPTION '接收范围内今天没有在岗的驻村干部' USING ERRCODE = 'ZC009',
            COLUMN = CASE p_kind WHEN 'place' THEN 'scope_code' WHEN 'unit' THEN 'scope_unit'
                                 ELSE 'people' END;
    END IF;
    IF n > p_max THEN
        RAISE EXCEPTION '接收人数 % 超过一则通知的上限 %，请缩小范围', n, p_max
            USING ERRCODE = 'ZC009', COLUMN = 'scope_code';
    END IF;
    UPDATE notices SET recipients = n WHERE id = nid;
    PERFORM zc_attach_link(p_user, p_actor, p_addr, 'notice', nid, p_files);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'notice.send', 'notice:' || nid,
                            jsonb_build_object('org', v_org, 'unit', v_unit, 'title', p_title,
                                               'scope', p_kind, 'recipients', n,
                                               'reply_by', p_reply_by));
    PERFORM zc_notice_notify(nid, NULL);
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', nid || '|' || n)) ->> 'r';
END
$$;

-- NoticeShow (0160's; the caller's receipt: zc_notice_mine).
CREATE OR REPLACE FUNCTION zc_notice_open(p_user bigint, p_notice bigint, p_actor text,
                                          p_addr text)
RETURNS TABLE (id bigint, org_code text, org_name text, unit_name text, title text, body text,
               reply_required boolean, reply_by date, sent_at timestamptz, read_at timestamptz,
               replied_at timestamptz, reply_text text, reminded_at timestamptz, files bigint,
               reply_files bigint, receipt_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    rc notice_recipients;
BEGIN
    UPDATE notice_recipients r SET seen_at = zc_now(),
                                   read_at = coalesce(r.read_at, zc_now())
    WHERE r.notice_id = p_notice AND zc_notice_mine(r.person_id, r.user_id, p_user)
    RETURNING * INTO rc;
    IF NOT FOUND THEN
        RAISE EXCEPTION '通知 #% 不存在或不是发给您的', p_notice USING ERRCODE = 'ZC005',
            COLUMN = 'notice_id';
    END IF;
    IF rc.read_at = rc.seen_at THEN
        PERFORM zc_audit_append(p_user, p_actor, p_addr, 'notice.read', 'notice:' || p_notice,
                                jsonb_build_object('receipt', rc.id, 'at', rc.read_at));
    END IF;
    RETURN QUERY
    SELECT n.id, n.org_code, o.name, coalesce(u.name, ''), n.title, n.body, n.reply_required,
           n.reply_by, n.sent_at, rc.read_at, rc.replied_at, coalesce(rc.reply_text, ''),
           rc.reminded_at,
           (SELECT count(*) FROM attachment_links l WHERE l.kind = 'notice' AND l.record_id = n.id),
           (SELECT count(*) FROM attachment_links l WHERE l.kind = 'notice_reply'
            AND l.record_id = rc.id),
           rc.id
    FROM notices n JOIN org_units o ON o.code = n.org_code
    LEFT JOIN dispatch_units u ON u.id = n.unit_id
    WHERE n.id = p_notice;
END
$$;

-- NoticeReply (0160's; the caller's receipt: zc_notice_mine).
CREATE OR REPLACE FUNCTION zc_notice_reply(p_user bigint, p_key text, p_notice bigint,
                                           p_text text,
                                p_files bytea[], p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'NoticeReply');
    n notices;
    rc notice_recipients;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    SELECT * INTO rc FROM notice_recipients r
    WHERE r.notice_id = p_notice AND zc_notice_mine(r.person_id, r.user_id, p_user) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '通知 #% 不存在或不是发给您的', p_notice USING ERRCODE = 'ZC005',
            COLUMN = 'notice_id';
    END IF;
    SELECT * INTO n FROM notices WHERE id = p_notice;
    IF NOT n.reply_required THEN
        RAISE EXCEPTION '该通知不要求回复' USING ERRCODE = 'ZC009', COLUMN = 'notice_id';
    END IF;
    IF rc.replied_at IS NOT NULL THEN
        RAISE EXCEPTION '您已于 % 回复该通知', to_char(rc.replied_at AT TIME ZONE 'Asia/Shanghai',
                                                      'YYYY-MM-DD HH24:MI')
            USING ERRCODE = 'ZC006', COLUMN = 'notice_id';
    END IF;
    IF n.reply_by IS NOT NULL AND zc_today() > n.reply_by THEN
        RAISE EXCEPTION '回复期限 % 已过，请与发文单位联系', n.reply_by
            USING ERRCODE = 'ZC009', COLUMN = 'notice_id';
    END IF;
    UPDATE notice_recipients r SET replied_at = zc_now(), reply_text = p_text,
                                   read_at = coalesce(r.read_at, zc_now()),
                                   seen_at = zc_now()
    WHERE r.id = rc.id;
    PERFORM zc_attach_link(p_user, p_actor, p_addr, 'notice_reply', rc.id, p_files);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'notice.reply', 'notice:' || p_notice,
                            jsonb_build_object('receipt', rc.id,
                                               'files', cardinality(p_files)));
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', rc.id::text)) ->> 'r';
END
$$;

-- NoticeRemind (0160's; the receipts reached told by zc_notice_notify, a cadre's or an
-- office's alike).
CREATE OR REPLACE FUNCTION zc_notice_remind(p_user bigint, p_key text, p_patterns text[],
                                            p_units bigint[],
                                 p_notice bigint, p_what text, p_max integer, p_actor text,
                                 p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'NoticeRemind');
    n notices;
    reached bigint[];
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    n := zc_notice_of_sender(p_notice, p_patterns, p_units);
    IF n.id IS NULL THEN
        RAISE EXCEPTION '通知 #% 不存在或不是您单位发出的', p_notice USING ERRCODE = 'ZC005',
            COLUMN = 'notice_id';
    END IF;
    PERFORM 1 FROM notices WHERE id = p_notice FOR UPDATE;
    IF p_what = 'unreplied' AND NOT n.reply_required THEN
        RAISE EXCEPTION '该通知不要求回复，无从催办回复' USING ERRCODE = 'ZC009',
            COLUMN = 'what';
    END IF;
    IF (SELECT count(*) FROM notice_reminders m WHERE m.notice_id = p_notice) >= p_max THEN
        RAISE EXCEPTION '一则通知至多提醒 % 次', p_max USING ERRCODE = 'ZC009',
            COLUMN = 'notice_id';
    END IF;
    WITH upd AS (
        UPDATE notice_recipients r SET reminded_at = zc_now(),
                                       reminders = r.reminders + 1
        WHERE r.notice_id = p_notice
          AND (CASE WHEN p_what = 'unread' THEN r.read_at IS NULL
                    ELSE r.replied_at IS NULL END)
        RETURNING r.id
    )
    SELECT coalesce(array_agg(id), '{}') INTO reached FROM upd;
    IF cardinality(reached) = 0 THEN
        RAISE EXCEPTION '没有需要提醒的人员：%', CASE p_what WHEN 'unread' THEN '都已阅读'
                                                        ELSE '都已回复' END
            USING ERRCODE = 'ZC009', COLUMN = 'what';
    END IF;
    INSERT INTO notice_reminders (notice_id, what, reached, sent_by, village_code)
    VALUES (p_notice, p_what, cardinality(reached), p_user, n.org_code);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'notice.remind', 'notice:' || p_notice,
                            jsonb_build_object('what', p_what, 'reached', cardinality(reached)));
    PERFORM zc_notice_notify(p_notice, reached);
    RETURN zc_idem_store(p_user, p_key,
                         jsonb_build_object('r', p_notice || '|' || cardinality(reached))) ->> 'r';
END
$$;

-- A receipt is also its office's (the recipient account); the rest as in 0160.
DROP POLICY notice_recipients_scope ON notice_recipients;
CREATE POLICY notice_recipients_scope ON notice_recipients
    USING (person_id = (SELECT zc_notice_person((SELECT zc_user())))
           OR user_id = (SELECT zc_user())
           OR sender_org LIKE ANY ((SELECT zc_scope())::text[])
           OR village_code LIKE ANY ((SELECT zc_scope())::text[])
           OR sender_unit = ANY ((SELECT zc_consume_admin_units((SELECT zc_user())))::bigint[]));
