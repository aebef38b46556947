package evident.checks.terraform.s3_versioning_test

import data.evident.checks.terraform.s3_versioning as check
import data.evident.lib.terraform_testing as t

bucket := t.rcu("aws_s3_bucket.b", "aws_s3_bucket", {}, {"bucket": true, "versioning": true})

versioning(addr, status) := t.rcu(addr, "aws_s3_bucket_versioning", {"versioning_configuration": [{"status": status}]}, {"bucket": true})

test_unversioned_fires if {
	vs := check.violation with input as t.plan([bucket])
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket.b"
}

test_enabled_companion_passes if {
	count(check.violation) == 0 with input as t.plan_refs([bucket, versioning("aws_s3_bucket_versioning.b", "Enabled")], {"aws_s3_bucket_versioning.b": {"bucket": ["aws_s3_bucket.b"]}})
}

test_suspended_fires_on_companion if {
	vs := check.violation with input as t.plan_refs([bucket, versioning("aws_s3_bucket_versioning.b", "Suspended")], {"aws_s3_bucket_versioning.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket_versioning.b"
	v.path == "after.versioning_configuration[0].status"
}

# for_each: versioning.data["raw"] covers only bucket data["raw"].
test_for_each_join if {
	raw := t.rcu("aws_s3_bucket.data[\"raw\"]", "aws_s3_bucket", {}, {"bucket": true})
	cur := t.rcu("aws_s3_bucket.data[\"curated\"]", "aws_s3_bucket", {}, {"bucket": true})
	v := versioning("aws_s3_bucket_versioning.data[\"raw\"]", "Enabled")
	vs := check.violation with input as t.plan_refs([raw, cur, v], {"aws_s3_bucket_versioning.data[\"raw\"]": {"bucket": ["aws_s3_bucket.data[\"raw\"]"]}})
	{x.resource | some x in vs} == {"aws_s3_bucket.data[\"curated\"]"}
}

test_inline_versioning if {
	count(check.violation) == 0 with input as t.plan([t.noop("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "b", "versioning": [{"enabled": true, "mfa_delete": false}]})])
	count(check.violation) == 1 with input as t.plan([t.noop("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "b", "versioning": [{"enabled": false, "mfa_delete": false}]})])
}

test_unknown_status_passes if {
	c := t.rcu("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", {"versioning_configuration": [{}]}, {"bucket": true, "versioning_configuration": [{"status": true}]})
	count(check.violation) == 0 with input as t.plan_refs([bucket, c], {"aws_s3_bucket_versioning.b": {"bucket": ["aws_s3_bucket.b"]}})
}
