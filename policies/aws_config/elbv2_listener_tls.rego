# METADATA
# title: Load balancer listeners use TLS 1.2+ or redirect HTTP to HTTPS
# description: An AWS::ElasticLoadBalancingV2::Listener with Protocol HTTP has a default action that redirects to HTTPS (Type "redirect", RedirectConfig.Protocol "HTTPS"); HTTPS and TLS listeners use an SslPolicy that allows nothing older than TLS 1.2.
# custom:
#   id: CFG-ELBV2-LISTENER-TLS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(i)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.30", "gxp-annex11:5"]
#   remediation: Change HTTP listeners' default action to a redirect to HTTPS (port 443, HTTP_301) and set HTTPS/TLS listeners' SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (aws elbv2 modify-listener).
#   kinds: [aws-config]
package evident.checks.aws_config.elbv2_listener_tls

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

listener if cfg.resource_type == "AWS::ElasticLoadBalancingV2::Listener"

violation contains {
	"msg": sprintf("listener %q serves plain HTTP on port %v without redirecting to HTTPS; make its default action a redirect to HTTPS", [cfg.name, object.get(cfg.configuration, "Port", "?")]),
	"path": "configuration.Protocol",
} if {
	listener
	upper(cfg.conf(["Protocol"])) == "HTTP"
	not redirects
}

violation contains {
	"msg": sprintf("listener %q uses SslPolicy %q, which allows TLS older than 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06", [cfg.name, policy]),
	"path": "configuration.SslPolicy",
} if {
	listener
	upper(cfg.conf(["Protocol"])) in {"HTTPS", "TLS"}
	policy := cfg.conf(["SslPolicy"])
	not tf.modern_tls_policy(policy)
}

redirects if {
	some a in cfg.as_array(cfg.conf(["DefaultActions"]))
	lower(cfg.field(a, "Type")) == "redirect"
	upper(cfg.get(a, ["RedirectConfig", "Protocol"])) == "HTTPS"
}
