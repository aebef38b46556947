package evident.checks.terraform.regulated_tags_test

import data.evident.checks.terraform.regulated_tags as check
import data.evident.lib.terraform_testing as t

test_untagged_bucket_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {"tags": {}, "tags_all": {}})])
	count(vs) == 1
	some v in vs
	v.path == "after.tags_all[\"data-classification\"]"
}

test_default_tags_count if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_db_instance.db", "aws_db_instance", {"tags": {}, "tags_all": {"data-classification": "phi"}})])
}

test_unknown_classification_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_efs_file_system.fs", "aws_efs_file_system", {"tags_all": {"data-classification": "secret"}})])
}

test_gxp_needs_system_id if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_sagemaker_domain.d", "aws_sagemaker_domain", {"tags_all": {"data-classification": "gxp"}})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_domain.d", "aws_sagemaker_domain", {"tags_all": {"data-classification": "GxP", "gxp-system-id": "LIMS-01"}})])
}

test_non_data_and_unknown_skipped if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_iam_role.r", "aws_iam_role", {})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_s3_bucket.b", "aws_s3_bucket", {}, {"tags_all": true})])
}
