# METADATA
# title: Data-bearing resources carry classification tags
# description: |
#   Resources that can hold data (S3 buckets, RDS instances and clusters, EFS, EKS clusters, SageMaker
#   resources, DynamoDB tables, KMS keys) carry the required_tags (default data-classification) in
#   tags_all (provider default_tags included), with a classification from allowed_classifications
#   (public, internal, confidential, phi, gxp); resources classified gxp also carry gxp_required_tags
#   (default gxp-system-id). Tags unknown until apply pass.
# custom:
#   id: TF-REGULATED-TAGS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "gxp-annex11:1", "gxp-annex11:4.3"]
#   remediation: Tag the resource (or set provider default_tags) with data-classification = public|internal|confidential|phi|gxp, and gxp-system-id = <system inventory id> for GxP systems.
#   kinds: [terraform]
package evident.checks.terraform.regulated_tags

import data.evident.lib.terraform as tf

data_types := {
	"aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_efs_file_system", "aws_eks_cluster",
	"aws_dynamodb_table", "aws_kms_key",
}

data_bearing contains r if {
	some typ, addrs in tf.by_type
	data_type(typ)
	some r in addrs
}

data_type(typ) if typ in data_types

data_type(typ) if startswith(typ, "aws_sagemaker_")

tags_unknown(r) if tf.unknown(r, ["tags_all"])

violation contains {
	"msg": sprintf("%s has no %q tag; tag it (or set provider default_tags) so PHI/GxP checks can scope it", [r, tag]),
	"resource": r,
	"path": sprintf("after.tags_all[%q]", [tag]),
} if {
	some r in data_bearing
	some tag in tf.required_tags
	not tf.non_empty(tf.tags(r)[tag])
	not tags_unknown(r)
}

violation contains {
	"msg": sprintf("%s is classified %q, which is not one of %v; use an allowed classification", [r, c, sort(tf.allowed_classifications)]),
	"resource": r,
	"path": sprintf("after.tags_all[%q]", [tf.classification_tag]),
} if {
	some r in data_bearing
	c := tf.classification(r)
	not c in tf.allowed_classifications
}

violation contains {
	"msg": sprintf("%s is classified gxp but has no %q tag linking it to the system inventory; add it", [r, tag]),
	"resource": r,
	"path": sprintf("after.tags_all[%q]", [tag]),
} if {
	some r in data_bearing
	tf.classification(r) == "gxp"
	some tag in tf.gxp_required_tags
	not tf.non_empty(tf.tags(r)[tag])
}
