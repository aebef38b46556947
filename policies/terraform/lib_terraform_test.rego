# Tests of policies/lib/terraform.rego: input shapes, indexes, unknown vs absent, joins, tags and
# settings.
package evident.lib.terraform_test

import data.evident.lib.terraform as tf
import data.evident.lib.terraform_testing as t

bucket := t.rcu("module.m[0].aws_s3_bucket.b", "aws_s3_bucket", {"tags": {"a": "1"}, "tags_all": {"data-classification": "PHI", "a": "1"}}, {"bucket": true, "logging": [{"target_bucket": true}]})

gone := t.destroy("aws_s3_bucket.old", "aws_s3_bucket", {"bucket": "old"})

ver := t.rcu("module.m[0].aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true})

data_src := object.union(t.rc("data.aws_caller_identity.me", "aws_caller_identity", {"account_id": "1"}), {"mode": "data"})

inp := t.plan_refs([bucket, gone, ver, data_src], {"module.m[0].aws_s3_bucket_versioning.b": {"bucket": ["module.m[0].aws_s3_bucket.b"]}})

test_plan_shapes if {
	count(tf.plan.resource_changes) == 4 with input as inp
	count(tf.plan.resource_changes) == 4 with input as t.raw([bucket, gone, ver, data_src])
	tf.references == {} with input as t.raw([bucket])
	tf.references["module.m[0].aws_s3_bucket_versioning.b"].bucket == ["module.m[0].aws_s3_bucket.b"] with input as inp
}

test_indexes if {
	tf.by_type.aws_s3_bucket == {"module.m[0].aws_s3_bucket.b"} with input as inp
	tf.deleted_by_type.aws_s3_bucket == {"aws_s3_bucket.old"} with input as inp
	not tf.by_type.aws_caller_identity with input as inp
	tf.changes["data.aws_caller_identity.me"].mode == "data" with input as inp
	tf.deleting("aws_s3_bucket.old") with input as inp
	not tf.replacing("aws_s3_bucket.old") with input as inp
}

test_forgotten_resources_are_not_judged if {
	f := t.change("aws_cloudtrail.old", "aws_cloudtrail", ["forget"], {"enable_log_file_validation": false}, null, {})
	not tf.by_type.aws_cloudtrail with input as t.plan([f])
}

test_unknown_is_not_absent if {
	tf.unknown("module.m[0].aws_s3_bucket.b", ["bucket"]) with input as inp
	not tf.absent("module.m[0].aws_s3_bucket.b", ["bucket"]) with input as inp
	tf.absent("module.m[0].aws_s3_bucket.b", ["acl"]) with input as inp
	not tf.unknown("module.m[0].aws_s3_bucket.b", ["acl"]) with input as inp

	# a nested value under an unknown block is unknown; unknown_exact only counts the value itself
	tf.unknown("module.m[0].aws_s3_bucket.b", ["logging", 0, "target_bucket"]) with input as inp
	tf.unknown_exact("module.m[0].aws_s3_bucket.b", ["logging", 0, "target_bucket"]) with input as inp
	not tf.unknown_exact("module.m[0].aws_s3_bucket.b", ["logging", 0]) with input as inp
}

test_false_is_a_value if {
	r := t.rc("aws_cloudtrail.x", "aws_cloudtrail", {"enable_logging": false})
	not tf.absent("aws_cloudtrail.x", ["enable_logging"]) with input as t.plan([r])
	tf.value("aws_cloudtrail.x", ["enable_logging"]) == false with input as t.plan([r])
}

test_booleans_as_strings if {
	tf.is_true(true)
	tf.is_true("true")
	tf.is_true("True")
	not tf.is_true("false")
	not tf.is_true("")
	tf.is_false("FALSE")
	tf.is_enabled("Enabled")
	tf.is_enabled("ENABLED")
	not tf.is_enabled("Suspended")
}

test_join_by_reference if {
	tf.companions[["module.m[0].aws_s3_bucket.b", "aws_s3_bucket_versioning"]] == {"module.m[0].aws_s3_bucket_versioning.b"} with input as inp
	not tf.unresolved.aws_s3_bucket_versioning with input as inp
}

test_join_by_name_and_unresolved if {
	b := t.noop("aws_s3_bucket.logs", "aws_s3_bucket", {"bucket": "logs", "id": "logs"})
	v1 := t.rc("aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning", {"bucket": "logs"})
	v2 := t.rc("aws_s3_bucket_versioning.elsewhere", "aws_s3_bucket_versioning", {"bucket": "not-in-plan"})
	tf.companions[["aws_s3_bucket.logs", "aws_s3_bucket_versioning"]] == {"aws_s3_bucket_versioning.logs"} with input as t.raw([b, v1, v2])
	tf.unresolved.aws_s3_bucket_versioning == {"aws_s3_bucket_versioning.elsewhere"} with input as t.raw([b, v1, v2])
	contains(tf.unresolved_note("aws_s3_bucket_versioning"), "aws_s3_bucket_versioning.elsewhere") with input as t.raw([b, v1, v2])
	tf.unresolved_note("aws_s3_bucket_versioning") == "" with input as t.raw([b, v1])
}

# A reference to a resource of the wrong type, or to a parent the plan destroys, joins nothing.
test_join_checks_parent_type if {
	v := t.rcu("aws_s3_bucket_versioning.x", "aws_s3_bucket_versioning", {}, {"bucket": true})
	i := t.rc("aws_s3_bucket_acl.x", "aws_s3_bucket_acl", {})
	not tf.companion_parents["aws_s3_bucket_versioning.x"] with input as t.plan_refs([v, i, gone], {"aws_s3_bucket_versioning.x": {"bucket": ["aws_s3_bucket_acl.x"]}})
	not tf.companion_parents["aws_s3_bucket_versioning.x"] with input as t.plan_refs([v, gone], {"aws_s3_bucket_versioning.x": {"bucket": ["aws_s3_bucket.old"]}})
}

test_tags_and_classification if {
	tf.tags("module.m[0].aws_s3_bucket.b")["data-classification"] == "PHI" with input as inp
	tf.classification("module.m[0].aws_s3_bucket.b") == "phi" with input as inp
	tf.classified_regulated("module.m[0].aws_s3_bucket.b") with input as inp

	# tags_all unknown: fall back to tags
	u := t.rcu("aws_s3_bucket.u", "aws_s3_bucket", {"tags": {"data-classification": "internal"}}, {"tags_all": true})
	tf.classification("aws_s3_bucket.u") == "internal" with input as t.plan([u])
	not tf.regulated("aws_s3_bucket.u") with input as t.plan([u])
}

test_unclassified_setting if {
	r := t.rc("aws_s3_bucket.n", "aws_s3_bucket", {})
	tf.regulated("aws_s3_bucket.n") with input as t.plan([r])
	not tf.regulated("aws_s3_bucket.n") with input as t.plan([r]) with data.evident.config.treat_unclassified_as_regulated as false
	tf.regulated("module.m[0].aws_s3_bucket.b") with input as inp with data.evident.config.treat_unclassified_as_regulated as false
	not tf.regulated("module.m[0].aws_s3_bucket.b") with input as inp with data.evident.config.regulated_classifications as ["gxp"]
}

test_settings_defaults_and_overrides if {
	tf.min_log_retention_days == 365
	tf.min_log_retention_days == 3653 with data.evident.config.min_log_retention_days as 3653
	tf.regulated_classifications == {"phi", "gxp"}
	tf.regulated_classifications == {"gxp"} with data.evident.config.regulated_classifications as ["GxP"]
	tf.regulated_classifications == {"phi", "hipaa", "gxp"} with data.evident.config.phi_classifications as ["phi", "HIPAA"]
	tf.classification_tag == "data-classification"
	tf.classification_tag == "classification" with data.evident.config.classification_label as "classification"
	tf.classification_tag == "dc" with data.evident.config.classification_label as "classification" with data.evident.config.classification_tag as "dc"
	tf.approved_kms_keys == set()
	tf.admin_ports == [22, 3389, 5432, 3306, 1433, 6443, 8888]
}

test_customer_key if {
	k := t.rc("aws_x.k", "aws_x", {"kms_key_id": "alias/aws/s3", "other": "arn:aws:kms:eu-west-1:1:key/1"})
	not tf.customer_key("aws_x.k", ["kms_key_id"]) with input as t.plan([k])
	tf.customer_key("aws_x.k", ["other"]) with input as t.plan([k])
	not tf.customer_key("aws_x.k", ["missing"]) with input as t.plan([k])
}

test_path_string if {
	tf.path_string(["after", "rule", 0, "apply_server_side_encryption_by_default", 1, "sse_algorithm"]) == "after.rule[0].apply_server_side_encryption_by_default[1].sse_algorithm"
}

test_policy_documents if {
	doc := json.marshal({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}})
	count(tf.statements(doc)) == 1
	some s in tf.statements(doc)
	tf.public_allow(s)
	not tf.denies_insecure_transport(doc)
}
