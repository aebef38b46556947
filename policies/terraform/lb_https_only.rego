# METADATA
# title: Load balancers serve only HTTPS/TLS with TLS 1.2+
# description: |
#   aws_lb_listener / aws_alb_listener with protocol HTTP only redirect to HTTPS (a default_action of
#   type "redirect" with protocol "HTTPS"); HTTPS and TLS listeners use an ssl_policy that allows no
#   protocol older than TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-*);
#   classic aws_elb listeners do not use plain HTTP. A policy unknown until apply passes.
# custom:
#   id: TF-LB-HTTPS-ONLY
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(i)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.30", "gxp-annex11:5"]
#   remediation: Serve traffic on an HTTPS listener with ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" and an ACM certificate; turn port 80 into default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }; replace classic ELBs with ALBs.
#   kinds: [terraform]
package evident.checks.terraform.lb_https_only

import data.evident.lib.terraform as tf

listener_types := ["aws_lb_listener", "aws_alb_listener"]

violation contains {
	"msg": sprintf("listener %s serves plain HTTP on port %v without redirecting to HTTPS; make its default action a redirect to HTTPS", [r, object.get(tf.after(r), "port", "?")]),
	"resource": r,
	"path": "after.protocol",
} if {
	some typ in listener_types
	some r in tf.by_type[typ]
	upper(tf.value(r, ["protocol"])) == "HTTP"
	not redirects_to_https(r)
}

violation contains {
	"msg": sprintf("listener %s uses ssl_policy %q, which allows TLS older than 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy)", [r, policy]),
	"resource": r,
	"path": "after.ssl_policy",
} if {
	some typ in listener_types
	some r in tf.by_type[typ]
	upper(tf.value(r, ["protocol"])) in {"HTTPS", "TLS"}
	policy := tf.value(r, ["ssl_policy"])
	not tf.modern_tls_policy(policy)
}

violation contains {
	"msg": sprintf("classic load balancer %s listens with plain %s on port %v; use HTTPS/SSL listeners (or move to an ALB with an HTTP-to-HTTPS redirect)", [r, l.lb_protocol, l.lb_port]),
	"resource": r,
	"path": sprintf("after.listener[%d].lb_protocol", [i]),
} if {
	some r in tf.by_type.aws_elb
	some i, l in tf.after(r).listener
	upper(l.lb_protocol) == "HTTP"
}

redirects_to_https(r) if {
	some a in tf.after(r).default_action
	a.type == "redirect"
	some rd in a.redirect
	upper(rd.protocol) == "HTTPS"
}
