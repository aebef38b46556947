package evident.checks.aws_config.rds_not_public_test

import data.evident.checks.aws_config.rds_not_public as check

db(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-1", "configuration": conf}}

test_public_fires if {
	vs := check.violation with input as db({"publiclyAccessible": true, "deletionProtection": true, "backupRetentionPeriod": 7})
	count(vs) == 1
	some v in vs
	v.path == "configuration.publiclyAccessible"
}

test_unprotected_without_backups_fires_twice if {
	count(check.violation) == 2 with input as db({"publiclyAccessible": false, "deletionProtection": false, "backupRetentionPeriod": 0})
}

test_hardened_passes if {
	count(check.violation) == 0 with input as db({"publiclyAccessible": false, "deletionProtection": true, "backupRetentionPeriod": 14})
}
