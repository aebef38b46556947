# METADATA
# title: Compute that processes regulated data gets no public IP
# description: |
#   Regulated aws_instance (associate_public_ip_address) and aws_launch_template
#   (network_interfaces[].associate_public_ip_address, a string or bool) do not assign public IPs, and
#   subnets used by EKS clusters or node groups (resolved through input.references) or classified
#   phi/gxp do not set map_public_ip_on_launch = true.
# custom:
#   id: TF-EC2-NO-PUBLIC-IP
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Set associate_public_ip_address = false, run nodes in private subnets with map_public_ip_on_launch = false, and reach the internet through NAT gateways or VPC endpoints.
#   kinds: [terraform]
package evident.checks.terraform.ec2_no_public_ip

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("instance %s gets a public IP; set associate_public_ip_address = false and use a private subnet", [r]),
	"resource": r,
	"path": "after.associate_public_ip_address",
} if {
	some r in tf.by_type.aws_instance
	tf.regulated(r)
	tf.is_true(tf.value(r, ["associate_public_ip_address"]))
}

violation contains {
	"msg": sprintf("launch template %s assigns a public IP on network interface %d; set associate_public_ip_address = \"false\"", [r, i]),
	"resource": r,
	"path": sprintf("after.network_interfaces[%d].associate_public_ip_address", [i]),
} if {
	some r in tf.by_type.aws_launch_template
	tf.regulated(r)
	some i, ni in tf.after(r).network_interfaces
	tf.is_true(ni.associate_public_ip_address)
}

violation contains {
	"msg": sprintf("subnet %s auto-assigns public IPs and %s; set map_public_ip_on_launch = false", [s, why]),
	"resource": s,
	"path": "after.map_public_ip_on_launch",
} if {
	some s in tf.by_type.aws_subnet
	tf.is_true(tf.value(s, ["map_public_ip_on_launch"]))
	some why in reasons(s)
}

eks_subnets[s] contains sprintf("is used by %s", [r]) if {
	some typ, attr in {"aws_eks_node_group": "subnet_ids", "aws_eks_cluster": "vpc_config[0].subnet_ids"}
	some r in tf.by_type[typ]
	some s in tf.references[r][attr]
}

reasons(s) := {sprintf("holds %s data", [tf.classification(s)]) | tf.classified_regulated(s)} | object.get(eks_subnets, s, set())
