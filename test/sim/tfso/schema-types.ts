// Shape of wsdl-schema.json (written by gen-schema.ts from the public WSDLs).
// Type references: "xs:<builtin>", "ms:guid", or "tns:<Name>" (a complexType, enum or array of this service).

export interface ElementDecl {
  name: string;
  type: string;
  minOccurs: number;
  maxOccurs: number | 'unbounded';
  nillable: boolean;
  /** The schema default; .NET uses these sentinel "minimum values" to mean "not set". */
  default?: string;
}

export interface OperationDecl {
  soapAction: string;
  /** Wrapper element of the request body. */
  input: string;
  /** Wrapper element of the response body. */
  output: string;
  /** The single child of the response wrapper (`<Op>Result`), null for void operations. */
  result: string | null;
  soapHeaders?: string[];
  /** True for hand-written [A] operations that no public WSDL shows. */
  assumed?: boolean;
}

export interface ServiceSchema {
  wsdl: string;
  host: 'api' | 'webservices';
  path: string;
  operations: Record<string, OperationDecl>;
  /** Top-level (wrapper) elements: their ordered children. */
  elements: Record<string, ElementDecl[]>;
  /** Named complexTypes: ordered sequence of child elements. */
  types: Record<string, ElementDecl[]>;
  /** simpleType enumerations (case-sensitive values). */
  enums: Record<string, string[]>;
  /** ArrayOfX types: the repeated item element. */
  arrays: Record<string, { item: string; type: string; nillable: boolean }>;
}

export interface WsdlSchema {
  $comment: string;
  namespace: string;
  services: Record<string, ServiceSchema>;
}
