# METADATA
# title: A trail records S3 data events for PHI/GxP buckets
# description: |
#   Every bucket classified with a regulated data classification (phi, gxp) is covered by a logging
#   aws_cloudtrail of the plan that records its object-level data events, reads and writes: a classic
#   event_selector (read_write_type "All") with data_resource type "AWS::S3::Object" and values
#   "arn:aws:s3" (all buckets), the bucket's ARN prefix, or a reference to the bucket; or an advanced
#   selector on eventCategory "Data" and resources.type "AWS::S3::Object" without a readOnly filter
#   and with no resources.ARN filter or one that covers the bucket. Values unknown until apply that no
#   reference resolves pass.
# custom:
#   id: TF-CLOUDTRAIL-DATA-EVENTS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(a)(2)(i)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-annex11:8.2", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: 'Add to the audit trail an event_selector { read_write_type = "All", data_resource { type = "AWS::S3::Object", values = ["${aws_s3_bucket.<name>.arn}/"] } } for each PHI/GxP bucket (or an advanced_event_selector on eventCategory = Data and resources.type = AWS::S3::Object without a readOnly filter). If an organisation trail managed elsewhere covers the bucket, record an exception.'
#   kinds: [terraform]
package evident.checks.terraform.cloudtrail_data_events

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("no logging CloudTrail trail in this plan records S3 data events (reads and writes) for %s bucket %s; add an event selector for its objects to the audit trail", [upper(tf.classification(b)), b]),
	"resource": b,
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.classified_regulated(b)
	not covered(b)
}

covered(b) if {
	some trail in tf.by_type.aws_cloudtrail
	not tf.is_false(tf.value(trail, ["enable_logging"]))
	covers(trail, b)
}

covers(trail, b) if {
	some i, sel in tf.after(trail).event_selector
	object.get(sel, "read_write_type", null) in {null, "All"}
	some j, dr in sel.data_resource
	dr.type == "AWS::S3::Object"
	values_cover(trail, ["event_selector", i, "data_resource", j, "values"], object.get(dr, "values", []), b)
}

covers(trail, b) if {
	some i, sel in tf.after(trail).advanced_event_selector
	fs := sel.field_selector
	selects(fs, "eventCategory", "Data")
	selects(fs, "resources.type", "AWS::S3::Object")
	not filters(fs, "readOnly")
	arn_filter_covers(trail, i, fs, b)
}

selects(fs, field, v) if {
	some f in fs
	f.field == field
	v in f.equals
}

filters(fs, field) if {
	some f in fs
	f.field == field
}

arn_filter_covers(_, _, fs, _) if not filters(fs, "resources.ARN")

arn_filter_covers(trail, i, fs, b) if {
	some k, f in fs
	f.field == "resources.ARN"
	some op in ["starts_with", "equals"]
	values_cover(trail, ["advanced_event_selector", i, "field_selector", k, op], object.get(f, op, []), b)
}

all_buckets := {"arn:aws:s3", "arn:aws:s3:::"}

values_cover(_, _, values, _) if {
	some v in values
	v in all_buckets
}

values_cover(_, _, values, b) if {
	some v in values
	is_string(v)
	some name in names(b)
	startswith(v, sprintf("arn:aws:s3:::%s/", [name]))
}

values_cover(trail, path, _, b) if b in tf.references[trail][tf.path_string(path)]

values_cover(trail, path, _, _) if {
	tf.unknown(trail, path)
	not tf.references[trail][tf.path_string(path)]
}

names(b) := {n |
	some a in ["bucket", "id"]
	n := tf.value(b, [a])
	tf.non_empty(n)
}
