-- 0072_attach_begin_claims.sql -- a file stored before is refused when it is claimed again as
-- another type (issue 20: "a file whose bytes are not its claimed type is refused").
--
-- 0071's AttachBegin answered a caller's second upload of the same bytes with "all held" and
-- AttachFinish with the first answer, whatever type the second claim named: a PNG sent again
-- as report.pdf was linked as if nothing were wrong. Now the claim of a finished upload must be
-- the type found in its bytes, or the type first claimed (which the finish accepted against
-- those bytes: the old office formats that libmagic names only as their container), else
-- INVALID_ARGUMENT on `mime`, as the finish of a new upload says it.
CREATE OR REPLACE FUNCTION zc_attach_begin(p_user bigint, p_key text, p_sha bytea, p_size bigint,
                                           p_name text, p_mime text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'AttachBegin');
    u attachment_uploads;
    n integer;
    v_id bigint;
    v_held bigint := 0;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_attach_clean();
    SELECT * INTO u FROM attachment_uploads WHERE user_id = p_user AND sha256 = p_sha FOR UPDATE;
    IF FOUND THEN
        IF u.size <> p_size THEN
            RAISE EXCEPTION '同一文件（SHA-256 相同）已按 % 字节开始上传，大小不应不同', u.size
                USING ERRCODE = 'ZC003', COLUMN = 'size';
        END IF;
        IF u.done_at IS NOT NULL AND p_mime IS DISTINCT FROM u.found_mime
           AND p_mime IS DISTINCT FROM u.mime THEN
            RAISE EXCEPTION '文件内容是 %，与声明的类型 % 不符', u.found_mime, p_mime
                USING ERRCODE = 'ZC003', COLUMN = 'mime';
        END IF;
        IF u.done_at IS NULL THEN
            UPDATE attachment_uploads SET touched_at = now(), name = p_name, mime = p_mime
            WHERE id = u.id;
        END IF;
        v_id := u.id;
        v_held := CASE WHEN u.done_at IS NULL THEN u.held ELSE u.size END;
    ELSE
        SELECT count(*) INTO n FROM attachment_uploads WHERE user_id = p_user AND done_at IS NULL;
        IF n >= 8 THEN
            RAISE EXCEPTION '您已有 % 个文件在上传中（最多 8 个），请先传完或等其过期（24 小时）', n
                USING ERRCODE = 'ZC008';
        END IF;
        INSERT INTO attachment_uploads (user_id, sha256, size, name, mime)
        VALUES (p_user, p_sha, p_size, p_name, p_mime)
        RETURNING id INTO v_id;
    END IF;
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', v_id || '|' || v_held)) ->> 'r';
END
$$;
