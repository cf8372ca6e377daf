-- 0045_export_kind_procedure.sql -- one procedure makes a table an incremental export kind.
--
-- 0027, 0050, 0051, 0055 and 0060 each wrote the same block for their tables: the change
-- column and its index, the triggers that move it on update and leave a tombstone on delete,
-- and the keyset function the export's rows path reads (docs/export.md, "Why a pull is
-- exact"). They stay as they are (migrations are forward-only); a later domain's migration
-- calls this instead, once per table:
--
--     CALL zc_export_kind('ledger_items');
--
-- for a table with a bigint `id` and a `village_code` (the place its rows belong to, which the
-- scope and the chunk bounds test), and adds its one line in each of server/export/store.c and
-- handlers.c and its GRANT SELECT to zhucun_export.
CREATE PROCEDURE zc_export_kind(p_table text)
LANGUAGE plpgsql AS $do$
BEGIN
    EXECUTE format('ALTER TABLE %I ADD COLUMN chg xid8 NOT NULL DEFAULT pg_current_xact_id()',
                   p_table);
    EXECUTE format('CREATE INDEX %I ON %I (chg, id)', p_table || '_chg', p_table);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW'
                   ' EXECUTE FUNCTION zc_chg_touch()', p_table || '_chg', p_table);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW'
                   ' EXECUTE FUNCTION zc_chg_tombstone(%L, %L, %L)', p_table || '_tombstone',
                   p_table, p_table, 'id', 'village_code');
    EXECUTE format($f$
        CREATE FUNCTION %I(p_lo text, p_hi text, p_prev pg_snapshot, p_target pg_snapshot,
                           p_chg xid8, p_key bigint, p_limit integer)
        RETURNS SETOF %I
        LANGUAGE plpgsql STABLE SET enable_sort = off
            SET plan_cache_mode = force_generic_plan AS $b$
        BEGIN
            RETURN QUERY SELECT t.* FROM %I t
            WHERE t.village_code COLLATE "C" >= p_lo AND t.village_code COLLATE "C" < p_hi
              AND pg_visible_in_snapshot(t.chg, p_target)
              AND (p_prev IS NULL OR (t.chg >= pg_snapshot_xmin(p_prev)
                                      AND NOT pg_visible_in_snapshot(t.chg, p_prev)))
              AND (t.chg, t.id) > (p_chg, p_key)
            ORDER BY t.chg, t.id LIMIT p_limit;
        END
        $b$ $f$, 'zc_export_' || p_table, p_table, p_table);
END
$do$;
