// SecretProviderClass (secrets-store.csi.x-k8s.io/v1) of the Secrets Store CSI driver: no
// kubernetes-models package covers it, so its spec is written out here from the driver's CRD
// (spec.provider, spec.parameters, spec.secretObjects). Type-checked by tsc like the others.
import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

export interface ISecretObjectData {
  "objectName"?: string;
  "key"?: string;
}

export interface ISecretObject {
  "secretName"?: string;
  "type"?: string;
  "labels"?: { [key: string]: string };
  "annotations"?: { [key: string]: string };
  "data"?: Array<ISecretObjectData>;
}

export interface ISecretProviderClass {
  "apiVersion": "secrets-store.csi.x-k8s.io/v1";
  "kind": "SecretProviderClass";
  "metadata"?: IObjectMeta;
  "spec": {
    "provider": string;
    "parameters"?: { [key: string]: string };
    "secretObjects"?: Array<ISecretObject>;
  };
}
