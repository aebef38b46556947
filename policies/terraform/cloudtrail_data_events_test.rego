package evident.checks.terraform.cloudtrail_data_events_test

import data.evident.checks.terraform.cloudtrail_data_events as check
import data.evident.lib.terraform_testing as t

phi := t.noop("aws_s3_bucket.phi", "aws_s3_bucket", {"bucket": "acme-phi", "id": "acme-phi", "tags_all": {"data-classification": "phi"}})

trail(sel) := t.rc("aws_cloudtrail.audit", "aws_cloudtrail", object.union({"enable_logging": true}, sel))

test_no_trail_fires if {
	vs := check.violation with input as t.plan([phi])
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket.phi"
}

test_all_buckets_selector_passes if {
	tr := trail({"event_selector": [{"read_write_type": "All", "include_management_events": true, "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]})
	count(check.violation) == 0 with input as t.plan([phi, tr])
}

test_bucket_arn_selector_passes if {
	tr := trail({"event_selector": [{"read_write_type": "All", "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::acme-phi/"]}]}]})
	count(check.violation) == 0 with input as t.plan([phi, tr])
}

test_write_only_fires if {
	tr := trail({"event_selector": [{"read_write_type": "WriteOnly", "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]})
	count(check.violation) == 1 with input as t.plan([phi, tr])
}

test_other_bucket_fires if {
	tr := trail({"event_selector": [{"read_write_type": "All", "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::other/"]}]}]})
	count(check.violation) == 1 with input as t.plan([phi, tr])
}

# Bucket created in the plan: its ARN is unknown; the reference resolves which bucket the selector names.
test_reference_join if {
	b := t.rcu("module.data.aws_s3_bucket.this[\"phi\"]", "aws_s3_bucket", {"tags_all": {"data-classification": "phi"}}, {"bucket": true, "arn": true})
	tr := t.rcu("aws_cloudtrail.audit", "aws_cloudtrail", {"event_selector": [{"read_write_type": "All", "data_resource": [{"type": "AWS::S3::Object"}]}]}, {"event_selector": [{"data_resource": [{"values": true}]}]})
	count(check.violation) == 0 with input as t.plan_refs([b, tr], {"aws_cloudtrail.audit": {"event_selector[0].data_resource[0].values": ["module.data.aws_s3_bucket.this[\"phi\"]"]}})
	count(check.violation) == 1 with input as t.plan_refs([b, tr], {"aws_cloudtrail.audit": {"event_selector[0].data_resource[0].values": ["aws_s3_bucket.other"]}})
}

test_advanced_selector if {
	good := trail({"advanced_event_selector": [{"name": "s3", "field_selector": [{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::S3::Object"]}]}]})
	count(check.violation) == 0 with input as t.plan([phi, good])
	ro := trail({"advanced_event_selector": [{"name": "s3", "field_selector": [{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::S3::Object"]}, {"field": "readOnly", "equals": ["true"]}]}]})
	count(check.violation) == 1 with input as t.plan([phi, ro])
}

test_logging_disabled_trail_does_not_cover if {
	tr := t.rc("aws_cloudtrail.audit", "aws_cloudtrail", {"enable_logging": false, "event_selector": [{"read_write_type": "All", "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]})
	count(check.violation) == 1 with input as t.plan([phi, tr])
}

test_unclassified_bucket_out_of_scope if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {})])
}
