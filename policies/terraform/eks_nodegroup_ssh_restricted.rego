# METADATA
# title: EKS node groups do not open SSH to the internet
# description: An aws_eks_node_group with remote_access.ec2_ssh_key and no source_security_group_ids makes EKS open port 22 to 0.0.0.0/0. Security group ids unknown until apply pass.
# custom:
#   id: TF-EKS-NODEGROUP-SSH-RESTRICTED
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Remove remote_access and reach nodes with SSM Session Manager, or set remote_access.source_security_group_ids to a bastion's security group.
#   kinds: [terraform]
package evident.checks.terraform.eks_nodegroup_ssh_restricted

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS node group %s allows SSH with key %q from anywhere (no source_security_group_ids); remove remote_access or restrict it to a bastion security group", [r, key]),
	"resource": r,
	"path": "after.remote_access[0].source_security_group_ids",
} if {
	some r in tf.by_type.aws_eks_node_group
	key := tf.value(r, ["remote_access", 0, "ec2_ssh_key"])
	tf.non_empty(key)
	count(object.get(tf.after(r), ["remote_access", 0, "source_security_group_ids"], [])) == 0
	not tf.unknown(r, ["remote_access", 0, "source_security_group_ids"])
}
