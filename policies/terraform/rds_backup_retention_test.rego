package evident.checks.terraform.rds_backup_retention_test

import data.evident.checks.terraform.rds_backup_retention as check
import data.evident.lib.terraform_testing as t

test_no_backups_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"backup_retention_period": 0})])
	count(vs) == 1
	count(check.violation) == 1 with input as t.plan([t.rc("aws_rds_cluster.c", "aws_rds_cluster", {"backup_retention_period": 1})])
}

test_enough_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"backup_retention_period": 14})])
}

test_replica_and_unknown_skipped if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.r", "aws_db_instance", {"replicate_source_db": "db", "backup_retention_period": 0})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_db_instance.u", "aws_db_instance", {}, {"backup_retention_period": true})])
}
