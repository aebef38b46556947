# METADATA
# title: EKS clusters log audit and authenticator events
# description: An AWS::EKS::Cluster enables the "audit" and "authenticator" control-plane log types, read from configuration.Logging.ClusterLogging.EnabledTypes[].Type (CloudFormation-registry PascalCase shape) or logging.clusterLogging[] {types, enabled} (API shape).
# custom:
#   id: CFG-EKS-CONTROL-PLANE-LOGGING
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.312(b)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: 'Enable control-plane logging: aws eks update-cluster-config --logging ''{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}''.'
#   kinds: [aws-config]
package evident.checks.aws_config.eks_control_plane_logging

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("EKS cluster %q does not log %q control-plane events; enable the audit and authenticator log types", [cfg.name, typ]),
	"path": "configuration.Logging.ClusterLogging.EnabledTypes",
} if {
	cfg.resource_type == "AWS::EKS::Cluster"
	some typ in ["audit", "authenticator"]
	not typ in enabled
}

# CloudFormation shape: Logging.ClusterLogging.EnabledTypes[].Type
enabled contains t if {
	some e in cfg.as_array(cfg.conf(["Logging", "ClusterLogging", "EnabledTypes"]))
	t := cfg.field(e, "Type")
}

# API shape: logging.clusterLogging[] = {types: [...], enabled: bool}
enabled contains t if {
	some group in cfg.as_array(cfg.conf(["Logging", "ClusterLogging"]))
	cfg.is_true(cfg.field(group, "Enabled"))
	some t in cfg.as_array(cfg.field(group, "Types"))
}
