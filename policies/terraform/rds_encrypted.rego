# METADATA
# title: RDS instances and Aurora clusters encrypt storage
# description: |
#   aws_db_instance and aws_rds_cluster set storage_encrypted = true (aws_rds_cluster defaults to false
#   for provisioned engines). Instances that belong to a cluster (cluster_identifier) take the
#   cluster's setting and are judged on the cluster; Aurora Serverless v1 clusters are always encrypted.
#   A value unknown until apply passes.
# custom:
#   id: TF-RDS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set storage_encrypted = true and kms_key_id to a customer-managed aws_kms_key; an existing unencrypted database must be restored from an encrypted snapshot copy.
#   kinds: [terraform]
package evident.checks.terraform.rds_encrypted

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("database %s does not encrypt its storage; set storage_encrypted = true with a customer-managed kms_key_id", [r]),
	"resource": r,
	"path": "after.storage_encrypted",
} if {
	some typ in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.by_type[typ]
	not cluster_member(r)
	not tf.value(r, ["engine_mode"]) == "serverless"
	not tf.is_true(tf.value(r, ["storage_encrypted"]))
	not tf.unknown(r, ["storage_encrypted"])
}

# An aws_db_instance in an Aurora cluster: storage settings come from the cluster.
cluster_member(r) if tf.non_empty(tf.value(r, ["cluster_identifier"]))

cluster_member(r) if tf.unknown(r, ["cluster_identifier"])
