package evident.checks.cloudtrail.rds_protection_removed_test

import rego.v1

import data.evident.checks.cloudtrail.rds_protection_removed as check
import data.evident.test.cloudtrail as fx

_modify(params) := fx.record("rds.amazonaws.com", "ModifyDBInstance", object.union({"dBInstanceIdentifier": "lims-prod"}, params))

test_deletion_protection_off if {
	fx.paths(check.violation) == {"requestParameters.deletionProtection"} with input as fx.normalised(_modify({"deletionProtection": false}))
}

test_backups_off_eventbridge if {
	rec := fx.record("rds.amazonaws.com", "ModifyDBCluster", {"dBClusterIdentifier": "aurora-lims", "backupRetentionPeriod": 0})
	fx.paths(check.violation) == {"requestParameters.backupRetentionPeriod"} with input as fx.eventbridge(rec)
}

test_automated_backup_deleted if {
	count(check.violation) == 1 with input as fx.normalised(fx.record("rds.amazonaws.com", "DeleteDBInstanceAutomatedBackup", {"dbiResourceId": "db-ABCDEF1234567890"}))
}

test_fine if {
	count(check.violation) == 0 with input as fx.normalised(_modify({"deletionProtection": true, "backupRetentionPeriod": 35}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_modify({"deletionProtection": false})))
}
