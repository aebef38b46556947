package evident.checks.terraform.rds_not_public_test

import data.evident.checks.terraform.rds_not_public as check
import data.evident.lib.terraform_testing as t

test_public_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"publicly_accessible": true})])
	count(check.violation) == 1 with input as t.plan([t.rc("aws_rds_cluster_instance.i", "aws_rds_cluster_instance", {"publicly_accessible": "true"})])
}

test_private_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"publicly_accessible": false})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {})])
}
