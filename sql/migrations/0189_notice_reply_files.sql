-- 0189_notice_reply_files.sql -- a reply's files belong to a reply: the village of a receipt
-- as an attachment's record (attachment kind notice_reply, 0160) is NULL while the receipt has
-- no reply, so that nothing can be linked to an unanswered receipt (zc_attach_link refuses a
-- record without a village) and the demo's attachment step, which samples records whose
-- village is not NULL, no longer gives files to receipts nobody replied to.

CREATE OR REPLACE FUNCTION zc_notice_reply_village(p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT village_code FROM notice_recipients WHERE id = p_id AND replied_at IS NOT NULL
$$;
