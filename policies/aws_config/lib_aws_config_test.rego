# Tests of policies/lib/aws_config.rego: every input shape, string-encoded configuration, skipped
# statuses and field casing.
package evident.lib.aws_config_test

import data.evident.lib.aws_config as cfg

item := {
	"configurationItemVersion": "1.3",
	"configurationItemStatus": "OK",
	"resourceType": "AWS::EKS::Cluster",
	"resourceId": "ml",
	"resourceName": "ml",
	"ARN": "arn:aws:eks:eu-west-1:111122223333:cluster/ml",
	"tags": {"data-classification": "PHI"},
	"configuration": {"Name": "ml", "Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "audit"}]}}},
	"supplementaryConfiguration": {},
}

test_normalised_shape if {
	cfg.resource_type == "AWS::EKS::Cluster" with input as {"configurationItem": item}
}

test_raw_ci_shape if {
	cfg.conf(["Name"]) == "ml" with input as item
}

test_invocation_event_shape if {
	ev := {"invokingEvent": json.marshal({"configurationItem": item, "messageType": "ConfigurationItemChangeNotification"}), "ruleParameters": "{}", "eventLeftScope": false}
	cfg.name == "ml" with input as ev
}

test_eventbridge_shape if {
	cfg.resource_type == "AWS::EKS::Cluster" with input as {"detail-type": "Config Configuration Item Change", "detail": {"configurationItem": item}}
}

test_deleted_items_are_skipped if {
	deleted := object.union(item, {"configurationItemStatus": "ResourceDeleted"})
	not cfg.ci with input as {"configurationItem": deleted}
	not cfg.resource_type with input as deleted
}

test_string_configuration_is_parsed if {
	ci := object.union(item, {"configuration": json.marshal(item.configuration), "supplementaryConfiguration": {"X": "{\"a\":1}", "Y": "false"}})
	cfg.conf(["Logging", "ClusterLogging", "EnabledTypes", 0, "Type"]) == "audit" with input as ci
	cfg.supp(["X", "a"]) == 1 with input as ci
	cfg.supp(["Y"]) == "false" with input as ci
}

# S3 items carry some values JSON-encoded twice.
test_double_encoded_value_is_parsed if {
	ci := object.union(item, {"supplementaryConfiguration": {"AccessControlList": json.marshal(json.marshal({"grantList": []}))}})
	cfg.supp(["AccessControlList", "grantList"]) == [] with input as ci
}

test_either_casing if {
	ci := object.union(object.remove(item, ["configuration"]), {"configuration": {"logging": {"clusterLogging": {"enabledTypes": [{"type": "api"}]}}}})
	cfg.conf(["Logging", "ClusterLogging", "EnabledTypes", 0, "Type"]) == "api" with input as ci
	cfg.conf(["logging", "clusterLogging", "enabledTypes", 0, "type"]) == "audit" with input as {"configurationItem": item}
}

test_tags_and_classification if {
	cfg.regulated with input as item
	not cfg.regulated with input as object.union(item, {"tags": {"data-classification": "public"}})
	list_tags := object.union(item, {"tags": {}, "configuration": {"Tags": [{"Key": "gxp-record", "Value": "true"}]}})
	cfg.gxp_record with input as list_tags
}
