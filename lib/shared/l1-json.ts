import * as kplus from 'cdk8s-plus-28';

/**
 * The generated `toJson_<Type>` functions of cdk8s-plus's L1 classes (`KubeDeployment`,
 * `KubeService`, ...), as tables read once from their source: the same JSON in a quarter of
 * the time.
 *
 * Each generated function builds an object holding every field of its type (most undefined),
 * then drops the undefined ones by copying the object once per field kept
 * (`Object.entries(result).reduce((r, i) => ({ ...r, [i[0]]: i[1] }))`); maps (labels,
 * annotations, data) are copied the same way, once per key. For a Deployment that is about
 * a third of the time a read part takes to render (bench/README.md, "Reading a part").
 *
 * The code generator writes every field in one of a few forms (a value, a nested type, a list,
 * a map, an `IntOrString` or `Quantity`, a date). `fasterToJson` reads a type's fields and
 * forms from its function's source and writes the same keys in the same order, keeping and
 * dropping what the function keeps and drops. A function whose source is not in the
 * generator's template, or with a field in another form, is not read: the generated function
 * itself is returned (undefined only when there is no such function). And any value a table
 * does not handle as the generated code would (a list that is not an array, a map that is not
 * an object, a `__proto__` key), or any error, is handed to the generated function: what it
 * returns or throws is the answer.
 * test/shared/l1-json.test.ts holds every one of the 440 functions of cdk8s-plus-28 to its
 * table on random values.
 */
export function fasterToJson(name: string): ((value: unknown) => unknown) | undefined {
  let faster = FASTER.get(name);
  if (faster) return faster;
  const generated = generatedFunction(name);
  if (!generated) return undefined;
  const table = tableOf(name);
  faster = !table ? generated : value => {
    try {
      return writeFields(table, value);
    } catch {
      return generated(value);
    }
  };
  FASTER.set(name, faster);
  return faster;
}

/** How the generated code writes one field, or one value of a map field. */
export type FieldForm =
  /** `obj.x`: as it is. */
  | { readonly form: 'value' }
  /** `toJson_T(obj.x)`: by the table of type `T`. */
  | { readonly form: 'object'; readonly type: string }
  /** `obj.x?.map(y => toJson_T(y))`: each item by the table of type `T`. */
  | { readonly form: 'objects'; readonly type: string }
  /** `obj.x?.map(y => y)`: a copy of the list. */
  | { readonly form: 'list' }
  /** `obj.x?.value`: an `IntOrString` or `Quantity` as its value. */
  | { readonly form: 'union' }
  /** `obj.x?.toISOString()`: a date as text. */
  | { readonly form: 'date' }
  /** `Object.entries(obj.x).reduce(...)`: each defined value of the map in the `item` form. */
  | { readonly form: 'map'; readonly item: FieldForm };

/** One field of a type: its key in the JSON, its property in the props, and its form. */
export interface L1Field {
  readonly json: string;
  readonly prop: string;
  readonly form: FieldForm;
}

/** A type's fields in the generated order, once read; null when its function is not in the template. */
export function fieldsOf(name: string): readonly L1Field[] | null {
  return tableOf(name)?.fields ?? null;
}

/**
 * What the table of `name` alone writes for `value`, without the generated function behind it:
 * throws where `fasterToJson` hands the value to the generated function (the tests use it to
 * tell the two apart; their answers are the same).
 */
export function tableJson(name: string, value: unknown): unknown {
  const table = tableOf(name);
  if (!table) throw GENERATED;
  return writeFields(table, value);
}

/** Thrown by a table at a value it leaves to the generated function. */
const GENERATED = new Error('left to the generated function');

/** A type's fields, each with the converter of its form; `fields` is null when the type cannot be read. */
interface Table {
  fields: Array<L1Field & { readonly convert: (value: any) => unknown }> | null;
}

const TABLES = new Map<string, Table>();

/** `fasterToJson`'s answer for each name: one function per type, whatever the number of objects. */
const FASTER = new Map<string, (value: unknown) => unknown>();

function generatedFunction(name: string): ((value: unknown) => unknown) | undefined {
  const fn = (kplus.k8s as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' && name.startsWith('toJson_') ? fn as (value: unknown) => unknown : undefined;
}

/** The template every generated function follows: the fields' lines are group 2. */
const FUNCTION_TEMPLATE = new RegExp([
  /^function (toJson_\w+)\(obj\) \{\s*/,
  /if \(obj === undefined\) \{\s*return undefined;\s*\}\s*/,
  /const result = \{\n([\s\S]*?)\n\s*\};\s*/,
  /\/\/ filter undefined values\s*/,
  /return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);\s*\}$/,
].map(r => r.source).join(''));

const FIELD_LINE = /^\s*'([^'\\]+)': (.*),$/;

/**
 * The table of a type, read on first use; a nested type's table is read when a value of it is
 * first written (so a type that contains itself, `JSONSchemaProps`, needs nothing special).
 */
function tableOf(name: string): Table | undefined {
  let table = TABLES.get(name);
  if (table) return table.fields ? table : undefined;
  table = { fields: null };
  TABLES.set(name, table);
  const generated = generatedFunction(name);
  const source = generated ? FUNCTION_TEMPLATE.exec(generated.toString()) : null;
  if (!source || source[1] !== name) return undefined;
  const fields: NonNullable<Table['fields']> = [];
  for (const line of source[2].split('\n')) {
    const match = FIELD_LINE.exec(line);
    const field = match && fieldOf(match[1], match[2]);
    if (!field) return undefined;
    fields.push({ ...field, convert: converterOf(field.form) });
  }
  table.fields = fields;
  return table;
}

/** A field from its line of generated code, or undefined for a form this module does not know. */
function fieldOf(json: string, code: string): L1Field | undefined {
  const prop = /^(?:toJson_\w+\()?\(*obj\.(\w+)/.exec(code)?.[1];
  if (!prop || json === '__proto__') return undefined;
  const x = `obj.${prop}`;
  let m: RegExpExecArray | null;
  if (code === x) return { json, prop, form: { form: 'value' } };
  if ((m = /^(toJson_\w+)\(obj\.(\w+)\)$/.exec(code)) && m[2] === prop) return { json, prop, form: { form: 'object', type: m[1] } };
  if ((m = /^obj\.(\w+)\?\.map\(y => (toJson_\w+)\(y\)\)$/.exec(code)) && m[1] === prop) return { json, prop, form: { form: 'objects', type: m[2] } };
  if (code === `${x}?.map(y => y)`) return { json, prop, form: { form: 'list' } };
  if (code === `${x}?.value`) return { json, prop, form: { form: 'union' } };
  if (code === `${x}?.toISOString()`) return { json, prop, form: { form: 'date' } };
  const mapHead = `((${x}) === undefined) ? undefined : (Object.entries(${x}).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: `;
  const mapTail = ' }), {}))';
  if (code.startsWith(mapHead) && code.endsWith(mapTail)) {
    const item = itemForm(code.slice(mapHead.length, code.length - mapTail.length));
    return item && { json, prop, form: { form: 'map', item } };
  }
  return undefined;
}

/** The form of a map's values, from the code that writes one (`i[1]` is the value). */
function itemForm(code: string): FieldForm | undefined {
  if (code === 'i[1]') return { form: 'value' };
  if (code === 'i[1]?.map(y => y)') return { form: 'list' };
  if (code === 'i[1]?.value') return { form: 'union' };
  const m = /^(toJson_\w+)\(i\[1\]\)$/.exec(code);
  return m ? { form: 'object', type: m[1] } : undefined;
}

/** What the generated code does with a value in `form`; throws GENERATED where it would act otherwise. */
function converterOf(form: FieldForm): (value: any) => unknown {
  switch (form.form) {
    case 'value': return value => value;
    case 'object': {
      const type = form.type;
      return value => writeFields(tableFor(type), value);
    }
    case 'objects': {
      const type = form.type;
      return value => {
        if (value === undefined || value === null) return undefined;
        if (!Array.isArray(value)) throw GENERATED;
        const table = tableFor(type);
        return value.map(item => writeFields(table, item));
      };
    }
    case 'list': return value => {
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value)) throw GENERATED;
      return value.slice();
    };
    case 'union': return value => value?.value;
    case 'date': return value => value?.toISOString();
    case 'map': {
      const item = converterOf(form.item);
      return value => {
        if (value === undefined) return undefined;
        if (typeof value !== 'object' || value === null) throw GENERATED;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          // `{ ...r, [key]: v }` makes an own property; an assignment would set the prototype.
          if (key === '__proto__') throw GENERATED;
          const v = value[key];
          if (v !== undefined) out[key] = item(v);
        }
        return out;
      };
    }
  }
}

function tableFor(type: string): Table {
  const table = tableOf(type);
  if (!table) throw GENERATED;
  return table;
}

/** The generated function's result: undefined for undefined, else the defined fields in order. */
function writeFields(table: Table, value: any): unknown {
  if (value === undefined) return undefined;
  const fields = table.fields;
  if (!fields) throw GENERATED;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const v = field.convert(value[field.prop]);
    if (v !== undefined) out[field.json] = v;
  }
  return out;
}
