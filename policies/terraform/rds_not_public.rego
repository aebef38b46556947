# METADATA
# title: Database instances are not publicly accessible
# description: aws_db_instance and aws_rds_cluster_instance do not set publicly_accessible = true (a public DNS name and address reachable from outside the VPC).
# custom:
#   id: TF-RDS-NOT-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Set publicly_accessible = false, place the database in private subnets (aws_db_subnet_group) and reach it through a bastion, VPN or VPC endpoint.
#   kinds: [terraform]
package evident.checks.terraform.rds_not_public

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("database %s is publicly accessible; set publicly_accessible = false and use private subnets", [r]),
	"resource": r,
	"path": "after.publicly_accessible",
} if {
	some typ in ["aws_db_instance", "aws_rds_cluster_instance"]
	some r in tf.by_type[typ]
	tf.is_true(tf.value(r, ["publicly_accessible"]))
}
