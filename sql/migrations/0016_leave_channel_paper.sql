-- 0016_leave_channel_paper.sql -- a leave recorded on a cadre's behalf may have come on paper
-- (issue 11, defect 7: the CLI and the server ask how it came: wechat, sms, phone or paper).
ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_channel_check;
ALTER TABLE leave_requests ADD CONSTRAINT leave_requests_channel_check
    CHECK (channel IN ('system', 'wechat', 'sms', 'phone', 'paper'));
