-- 0121_asset_income_index.sql -- an asset's incomes by an index (issue 21; docs/assets.md).
-- zc_asset_income_guard (0110) asks, for every income written, whether the asset has another
-- of the same year by year and by month, and AssetShow lists an asset's incomes: both read
-- the incomes of one asset, which without this index is a scan of every income.
CREATE INDEX project_asset_incomes_asset ON project_asset_incomes (asset_id, period);
