package evident.checks.terraform.lb_https_only_test

import data.evident.checks.terraform.lb_https_only as check
import data.evident.lib.terraform_testing as t

listener(after) := t.rc("aws_lb_listener.l", "aws_lb_listener", after)

test_plain_http_fires if {
	vs := check.violation with input as t.plan([listener({"port": 80, "protocol": "HTTP", "default_action": [{"type": "forward", "target_group_arn": "arn"}]})])
	count(vs) == 1
	some v in vs
	v.path == "after.protocol"
}

test_http_redirect_passes if {
	count(check.violation) == 0 with input as t.plan([listener({"port": 80, "protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}]})])
}

test_weak_tls_policy_fires if {
	count(check.violation) == 1 with input as t.plan([listener({"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"})])
	count(check.violation) == 1 with input as t.plan([listener({"port": 443, "protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-1-2021-06"})])
}

test_modern_tls_policy_passes if {
	count(check.violation) == 0 with input as t.plan([listener({"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_alb_listener.l", "aws_alb_listener", {"port": 443, "protocol": "HTTPS"}, {"ssl_policy": true})])
}

test_classic_elb_http_fires if {
	elb := t.rc("aws_elb.web", "aws_elb", {"listener": [{"lb_port": 80, "lb_protocol": "http", "instance_port": 8000, "instance_protocol": "http"}]})
	count(check.violation) == 1 with input as t.plan([elb])
}
