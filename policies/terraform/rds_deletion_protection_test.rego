package evident.checks.terraform.rds_deletion_protection_test

import data.evident.checks.terraform.rds_deletion_protection as check
import data.evident.lib.terraform_testing as t

test_unprotected_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"deletion_protection": false, "skip_final_snapshot": true})])
	count(vs) == 2
}

test_protected_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_rds_cluster.c", "aws_rds_cluster", {"deletion_protection": true, "skip_final_snapshot": false})])
}

test_cluster_member_skipped if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.m", "aws_db_instance", {"cluster_identifier": "c", "deletion_protection": false})])
}
