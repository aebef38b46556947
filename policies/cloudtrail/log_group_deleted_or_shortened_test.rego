package evident.checks.cloudtrail.log_group_deleted_or_shortened_test

import rego.v1

import data.evident.checks.cloudtrail.log_group_deleted_or_shortened as check
import data.evident.test.cloudtrail as fx

_logs(name, params) := fx.record("logs.amazonaws.com", name, params)

test_audit_group_deleted if {
	count(check.violation) == 1 with input as fx.normalised(_logs("DeleteLogGroup", {"logGroupName": "/aws/eks/prod-eu/cluster"}))
	count(check.violation) == 0 with input as fx.normalised(_logs("DeleteLogGroup", {"logGroupName": "/aws/lambda/thumbnailer"}))
}

test_retention_cut if {
	vs := check.violation with input as fx.eventbridge(_logs("PutRetentionPolicy", {"logGroupName": "aws-cloudtrail-logs-123456789012-7f1c", "retentionInDays": 30}))
	fx.paths(vs) == {"requestParameters.retentionInDays"}
	some v in vs
	contains(v.msg, "to 30 days (policy minimum 365)")
	count(check.violation) == 0 with input as fx.normalised(_logs("PutRetentionPolicy", {"logGroupName": "aws-cloudtrail-logs-123456789012-7f1c", "retentionInDays": "2557"}))
	count(check.violation) == 0 with input as fx.normalised(_logs("PutRetentionPolicy", {"logGroupName": "aws-cloudtrail-logs-123456789012-7f1c", "retentionInDays": 90})) with data.evident.config.min_log_retention_days as 90
}

test_kms_disassociated if {
	count(check.violation) == 1 with input as fx.normalised(_logs("DisassociateKmsKey", {"logGroupName": "/aws/rds/instance/lims/postgresql"}))
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_logs("DeleteLogGroup", {"logGroupName": "/aws/eks/prod-eu/cluster"})))
}
