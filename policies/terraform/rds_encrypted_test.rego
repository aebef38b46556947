package evident.checks.terraform.rds_encrypted_test

import data.evident.checks.terraform.rds_encrypted as check
import data.evident.lib.terraform_testing as t

test_unencrypted_instance_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"engine": "postgres", "storage_encrypted": false})])
	count(vs) == 1
	some v in vs
	v.path == "after.storage_encrypted"
}

test_cluster_default_false_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_rds_cluster.c", "aws_rds_cluster", {"engine": "aurora-postgresql", "engine_mode": "provisioned"})])
}

test_encrypted_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"storage_encrypted": true})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_rds_cluster.c", "aws_rds_cluster", {"storage_encrypted": "true"})])
}

test_cluster_member_and_serverless_skipped if {
	m := t.rcu("aws_db_instance.m", "aws_db_instance", {"engine": "aurora-mysql"}, {"cluster_identifier": true, "storage_encrypted": true})
	s := t.rc("aws_rds_cluster.s", "aws_rds_cluster", {"engine_mode": "serverless"})
	count(check.violation) == 0 with input as t.plan([m, s])
}

test_unknown_passes if {
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_db_instance.r", "aws_db_instance", {}, {"storage_encrypted": true})])
}
