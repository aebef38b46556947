# METADATA
# title: EKS API endpoints are private or CIDR-restricted
# description: An AWS::EKS::Cluster with a public endpoint (ResourcesVpcConfig.EndpointPublicAccess, EKS default true) does not allow 0.0.0.0/0 in PublicAccessCidrs (EKS default ["0.0.0.0/0"]), and, when allowed_cidrs is set, allows only CIDRs inside it.
# custom:
#   id: CFG-EKS-ENDPOINT-PRIVATE
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Turn the public endpoint off (aws eks update-cluster-config --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true) or restrict publicAccessCidrs to corporate egress CIDRs.
#   kinds: [aws-config]
package evident.checks.aws_config.eks_endpoint_private

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS cluster %q exposes its API endpoint publicly to %s; disable public access or restrict PublicAccessCidrs", [cfg.name, c]),
	"path": "configuration.ResourcesVpcConfig.PublicAccessCidrs",
} if {
	cfg.resource_type == "AWS::EKS::Cluster"
	not cfg.is_false(cfg.conf(["ResourcesVpcConfig", "EndpointPublicAccess"]))
	some c in cidrs
	not allowed(c)
}

default cidrs := ["0.0.0.0/0"]

cidrs := c if {
	c := cfg.conf(["ResourcesVpcConfig", "PublicAccessCidrs"])
	count(c) > 0
}

allowed(c) if {
	c != "0.0.0.0/0"
	count(tf.allowed_cidrs) == 0
}

allowed(c) if {
	c != "0.0.0.0/0"
	some a in tf.allowed_cidrs
	net.cidr_contains(a, c)
}
