-- 0190_notices_clock.sql -- the notices' times from the system clock (zc_now(), 0015;
-- docs/clock.md) instead of now() and clock_timestamp(), as 0153 did for the stars: on a
-- pinned day the desk showed a notice sent on the real day. The defaults, and the three
-- functions that set read, reply and reminder times (as 0177 left them), again with zc_now();
-- nothing else changes. Within one call the times are now equal (the transaction's start,
-- shifted like every other time of the system).

ALTER TABLE notices ALTER COLUMN sent_at SET DEFAULT zc_now();
ALTER TABLE notice_reminders ALTER COLUMN sent_at SET DEFAULT zc_now();

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
