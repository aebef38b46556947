# METADATA
# title: EKS clusters ship audit and authenticator logs
# description: Every aws_eks_cluster lists "audit" and "authenticator" (ideally all five types) in enabled_cluster_log_types, so Kubernetes API activity reaches CloudWatch Logs. A list unknown until apply passes.
# custom:
#   id: TF-EKS-CONTROL-PLANE-LOGGING
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.312(b)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"] and keep /aws/eks/<cluster>/cluster for at least 365 days (TF-CW-LOG-RETENTION).
#   kinds: [terraform]
package evident.checks.terraform.eks_control_plane_logging

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS cluster %s does not send %q control-plane logs to CloudWatch; add it to enabled_cluster_log_types", [r, typ]),
	"resource": r,
	"path": "after.enabled_cluster_log_types",
} if {
	some r in tf.by_type.aws_eks_cluster
	not tf.unknown(r, ["enabled_cluster_log_types"])
	some typ in ["audit", "authenticator"]
	not typ in object.get(tf.after(r), "enabled_cluster_log_types", [])
}
