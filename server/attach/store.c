/* attach/store.c -- SQL of the attachment calls (0071_attachments.sql; docs/attachments.md).
 * Hashes and bytes travel as hex text, decoded by decode(..., 'hex'). */
#include "server/attach/store.h"

/* User $1's upload of the file with hash $2 (hex), $3 bytes, named $4, claimed type $5; keyed
 * ($6, bound to the request's hash $7). "upload_id|held". */
DB_STATEMENT(store_attach_begin,
             "SELECT zc_attach_begin($1::bigint, zc_idem_bind($6, $7), decode($2, 'hex'),"
             " $3::bigint, $4, $5)",
             7);

/* Bytes $4 (hex) at offset $3 of user $1's upload $2; keyed ($5, hash $6). The bytes held
 * afterwards. */
DB_STATEMENT(store_attach_chunk,
             "SELECT zc_attach_chunk($1::bigint, zc_idem_bind($5, $6), $2::bigint, $3::bigint,"
             " decode($4, 'hex'))",
             6);

/* User $1's upload $2 for AttachFinish: finished, the claimed hash (hex), size and type, the
 * bytes held, the type found and whether a thumbnail was made; the whole file (hex) when every
 * byte is held and it is not finished yet. No row: not the caller's. */
DB_STATEMENT(store_attach_upload,
             "SELECT u.done_at IS NOT NULL, encode(u.sha256, 'hex'), u.size, u.mime, u.held,"
             " coalesce(u.found_mime, ''), u.thumbnail,"
             " CASE WHEN u.done_at IS NULL AND u.held = u.size THEN"
             "  (SELECT encode(string_agg(c.data, ''::bytea ORDER BY c.off), 'hex')"
             "   FROM attachment_chunks c WHERE c.upload_id = u.id) END"
             " FROM attachment_uploads u WHERE u.id = $2::bigint AND u.user_id = $1::bigint",
             2);

/* A refused upload goes, chunks and all: the client begins again. */
DB_STATEMENT(store_attach_drop,
             "DELETE FROM attachment_uploads WHERE id = $2::bigint AND user_id = $1::bigint"
             " AND done_at IS NULL",
             2);

/* Stores the checked file: user $1, upload $2, hash $3 (hex), type found $4, thumbnail $5
 * (hex, NULL for none), actor $6, address $7; keyed ($8, hash $9). "sha|mime|size|thumbnail". */
DB_STATEMENT(store_attach_finish,
             "SELECT zc_attach_finish($1::bigint, zc_idem_bind($8, $9), $2::bigint,"
             " decode($3, 'hex'), $4, decode($5, 'hex'), $6, $7)",
             9);

/* AttachLink, keyed ($2, bound to the request's hash $9): hashes $6 a text[] of hex. */
DB_STATEMENT(store_attach_link,
             "SELECT zc_attach_link_call($1::bigint, zc_idem_bind($2, $9), $3::text[], $4,"
             " $5::bigint, ARRAY(SELECT decode(h, 'hex') FROM unnest($6::text[]) h), $7, $8)",
             9);

/* Kind $1 is registered; record $2 of it lies within patterns $3. */
DB_STATEMENT(store_attach_record,
             "SELECT EXISTS (SELECT 1 FROM attachment_kinds WHERE kind = $1),"
             " coalesce(zc_attach_village($1, $2::bigint) LIKE ANY ($3::text[]), false)",
             3);

/* The files of record $2 of kind $1 within patterns $3, oldest link first: hash (hex), the
 * name its linker (else its first uploader) gave it, type, size, who linked it, when, and
 * whether it has a thumbnail. */
DB_STATEMENT(store_attach_list,
             "SELECT encode(l.sha256, 'hex'), coalesce(f.name, ''), a.mime, a.size,"
             " coalesce(u.display_name, ''),"
             " to_char(l.linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
             " EXISTS (SELECT 1 FROM attachment_thumbs t WHERE t.sha256 = l.sha256)"
             " FROM attachment_links l JOIN attachments a ON a.sha256 = l.sha256"
             " LEFT JOIN users u ON u.id = l.linked_by"
             " LEFT JOIN LATERAL (SELECT x.name FROM attachment_files x WHERE x.sha256 = l.sha256"
             "  ORDER BY x.user_id IS DISTINCT FROM l.linked_by, x.uploaded_at LIMIT 1) f ON true"
             " WHERE l.kind = $1 AND l.record_id = $2::bigint"
             "  AND l.village_code LIKE ANY ($3::text[])"
             " ORDER BY l.linked_at, l.id",
             3);

/* The file $1 (hex) if the caller may read it (zc_attach_visible): its type and the size of
 * the file ($2 false) or of its thumbnail ($2 true; NULL when it has none). No row: not
 * stored, or not the caller's to read (the same answer). */
DB_STATEMENT(store_attach_head,
             "SELECT a.mime, CASE WHEN $2::boolean"
             "  THEN (SELECT octet_length(t.data) FROM attachment_thumbs t"
             "        WHERE t.sha256 = a.sha256) ELSE a.size END"
             " FROM attachments a WHERE a.sha256 = decode($1, 'hex')"
             " AND zc_attach_visible(a.sha256)",
             2);

/* $3 bytes of file $1 (hex) from offset $2, as hex. */
DB_STATEMENT(store_attach_part,
             "SELECT encode(substring(b.data FROM $2::integer + 1 FOR $3::integer), 'hex')"
             " FROM attachment_blobs b WHERE b.sha256 = decode($1, 'hex')",
             3);
DB_STATEMENT(store_attach_thumb_part,
             "SELECT encode(substring(t.data FROM $2::integer + 1 FOR $3::integer), 'hex')"
             " FROM attachment_thumbs t WHERE t.sha256 = decode($1, 'hex')",
             3);
