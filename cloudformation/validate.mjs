#!/usr/bin/env node
// Checks a CloudFormation template against the AWS resource specification that @aws-cdk/aws-service-spec ships:
// resource types, property names (nested ones too), required properties, and every Ref, Fn::GetAtt, Fn::Sub
// and condition target. Exits 1 with the list of problems.
//
//   node validate.mjs TEMPLATE.yaml   validate a template
//   node validate.mjs --self-test     validate test/broken.yaml and fail unless exactly its "# expect:" problems
//                                     are found, so that the validator cannot pass silently

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { parse, YAMLMap, YAMLSeq } from 'yaml';

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdatePolicy',
  'UpdateReplacePolicy', 'CreationPolicy', 'Metadata']);
const FUNCTIONS = ['And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join',
  'Not', 'Or', 'Select', 'Split', 'Sub'];

/** The short forms (!Ref, !Sub, ...) become the long forms ({"Ref": ...}, {"Fn::Sub": ...}). */
function cloudFormationTags() {
  const longForm = (name, value) => {
    if (name === 'Ref' || name === 'Condition') return { [name]: value };
    if (name === 'GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [`Fn::${name}`]: value };
  };
  const collection = (kind, NodeClass) => (name) => ({
    tag: `!${name}`,
    collection: kind,
    nodeClass: class extends NodeClass {
      toJSON(arg, ctx) {
        return longForm(name, super.toJSON(arg, ctx));
      }
    },
  });
  const names = ['Ref', 'Condition', ...FUNCTIONS];
  return [
    ...names.map((name) => ({ tag: `!${name}`, resolve: (text) => longForm(name, text) })),
    ...names.map(collection('seq', YAMLSeq)),
    ...names.map(collection('map', YAMLMap)),
  ];
}

export function parseTemplate(text) {
  return parse(text, { customTags: cloudFormationTags(), uniqueKeys: true });
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The intrinsic function a value is, as [name, argument], or null. */
function intrinsic(value) {
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const [name] = keys;
  return name === 'Ref' || name === 'Condition' || name.startsWith('Fn::') ? [name, value[name]] : null;
}

export function validate(template, db) {
  const problems = [];
  const resources = isObject(template.Resources) ? template.Resources : {};
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const mappings = isObject(template.Mappings) ? template.Mappings : {};
  const specs = new Map();

  if (Object.keys(resources).length === 0) problems.push('Resources: the template has no resources');

  for (const [name, resource] of Object.entries(resources)) {
    const where = `Resources.${name}`;
    if (!isObject(resource)) {
      problems.push(`${where}: not a mapping`);
      continue;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) problems.push(`${where}: unknown resource attribute ${key}`);
    }
    const spec = db.lookup('resource', 'cloudFormationType', 'equals', String(resource.Type));
    if (spec.length !== 1) {
      problems.push(`${where}: unknown resource type ${resource.Type}`);
      continue;
    }
    specs.set(name, spec[0]);
    const properties = resource.Properties ?? {};
    if (!isObject(properties)) {
      problems.push(`${where}.Properties: not a mapping`);
      continue;
    }
    checkObject(properties, spec[0].properties, `${where}.Properties`);
    if (resource.Condition !== undefined && !(resource.Condition in conditions)) {
      problems.push(`${where}.Condition: unknown condition ${resource.Condition}`);
    }
    for (const dependency of [resource.DependsOn ?? []].flat()) {
      if (!(dependency in resources)) problems.push(`${where}.DependsOn: unknown resource ${dependency}`);
    }
  }

  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (!isObject(output) || output.Value === undefined) problems.push(`Outputs.${name}: has no Value`);
    if (output?.Condition !== undefined && !(output.Condition in conditions)) {
      problems.push(`Outputs.${name}.Condition: unknown condition ${output.Condition}`);
    }
  }

  checkReferences(template.Resources, 'Resources');
  checkReferences(template.Outputs, 'Outputs');
  checkReferences(template.Conditions, 'Conditions');
  return problems;

  /** Property names and required properties of a value of a spec type; intrinsics are taken on trust. */
  function checkValue(value, type, where) {
    const fn = intrinsic(value);
    if (fn) {
      if (fn[0] === 'Fn::If' && Array.isArray(fn[1]) && fn[1].length === 3) {
        checkValue(fn[1][1], type, `${where}(if true)`);
        checkValue(fn[1][2], type, `${where}(if false)`);
      }
      return;
    }
    switch (type.type) {
      case 'ref':
        if (!isObject(value)) problems.push(`${where}: expected a mapping`);
        else checkObject(value, db.get('typeDefinition', type.reference.$ref).properties, where);
        return;
      case 'array':
        if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
        else value.forEach((element, i) => checkValue(element, type.element, `${where}[${i}]`));
        return;
      case 'map':
        if (!isObject(value)) problems.push(`${where}: expected a mapping`);
        else Object.entries(value).forEach(([key, element]) => checkValue(element, type.element, `${where}.${key}`));
        return;
      case 'union': {
        const candidates = type.types.filter((t) => t.type !== 'ref' || isObject(value));
        if (candidates.length === 1) checkValue(value, candidates[0], where);
        return;
      }
      case 'string': case 'number': case 'integer': case 'boolean': case 'date-time':
        if (isObject(value) || Array.isArray(value)) problems.push(`${where}: expected type ${type.type}`);
        return;
      default: // json, tag, null: anything goes
    }
  }

  function checkObject(object, properties, where) {
    for (const [key, value] of Object.entries(object)) {
      const property = properties[key];
      if (!property) problems.push(`${where}: unknown property ${key}`);
      else checkValue(value, property.type, `${where}.${key}`);
    }
    for (const [key, property] of Object.entries(properties)) {
      if (property.required && !(key in object)) problems.push(`${where}: missing required property ${key}`);
    }
  }

  function checkReferences(node, where) {
    if (Array.isArray(node)) {
      node.forEach((element, i) => checkReferences(element, `${where}[${i}]`));
      return;
    }
    if (!isObject(node)) return;
    const fn = intrinsic(node);
    if (fn) {
      const [name, argument] = fn;
      const at = `${where}: ${name}`;
      if (name === 'Ref') checkRef(argument, at, {});
      else if (name === 'Condition' || name === 'Fn::If') {
        const condition = name === 'Condition' ? argument : Array.isArray(argument) ? argument[0] : undefined;
        if (!(condition in conditions)) problems.push(`${at} names unknown condition ${condition}`);
      } else if (name === 'Fn::GetAtt') checkGetAtt(argument, at);
      else if (name === 'Fn::Sub') checkSub(argument, at);
      else if (name === 'Fn::FindInMap' && Array.isArray(argument) && typeof argument[0] === 'string'
          && !(argument[0] in mappings)) {
        problems.push(`${at} names unknown mapping ${argument[0]}`);
      } else if (!FUNCTIONS.includes(name.slice('Fn::'.length))) problems.push(`${at} is not a known function`);
      checkReferences(argument, `${where}.${name}`);
      return;
    }
    for (const [key, value] of Object.entries(node)) checkReferences(value, `${where}.${key}`);
  }

  function checkRef(target, at, subVariables) {
    if (typeof target !== 'string') problems.push(`${at} target is not a name`);
    else if (!(target in resources || target in parameters || PSEUDO_PARAMETERS.has(target)
        || target in subVariables)) {
      problems.push(`${at} names unknown resource, parameter or pseudo parameter ${target}`);
    }
  }

  function checkGetAtt(argument, at) {
    if (!Array.isArray(argument) || argument.length !== 2) {
      problems.push(`${at} needs [resource, attribute]`);
      return;
    }
    const [resource, attribute] = argument;
    if (!(resource in resources)) problems.push(`${at} names unknown resource ${resource}`);
    else if (typeof attribute === 'string' && specs.has(resource) && !(attribute in specs.get(resource).attributes)) {
      problems.push(`${at} names unknown attribute ${attribute} of ${resources[resource].Type}`);
    }
  }

  function checkSub(argument, at) {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string') {
      problems.push(`${at} needs a string`);
      return;
    }
    for (const [, reference] of text.matchAll(/\$\{(?!!)([^}]*)\}/g)) {
      const dot = reference.indexOf('.');
      if (dot > 0 && !reference.startsWith('AWS::')) checkGetAtt([reference.slice(0, dot), reference.slice(dot + 1)], at);
      else checkRef(reference, at, isObject(variables) ? variables : {});
    }
  }
}

function problemsIn(file, db) {
  try {
    return validate(parseTemplate(readFileSync(file, 'utf8')), db);
  } catch (e) {
    return [`${file}: ${e.message}`];
  }
}

function selfTest(db) {
  const file = fileURLToPath(new URL('test/broken.yaml', import.meta.url));
  const expected = [...readFileSync(file, 'utf8').matchAll(/^# expect: (.+)$/gm)].map((m) => m[1]);
  const found = problemsIn(file, db);
  const missed = expected.filter((text) => !found.some((problem) => problem.includes(text)));
  const unexpected = found.filter((problem) => !expected.some((text) => problem.includes(text)));
  if (expected.length === 0 || missed.length > 0 || unexpected.length > 0) {
    console.error(`Self-test FAILED on ${file}:`);
    missed.forEach((text) => console.error(`  not reported: ${text}`));
    unexpected.forEach((problem) => console.error(`  not expected: ${problem}`));
    return 1;
  }
  console.log(`Self-test passed: all ${expected.length} planted problems in ${file} were reported.`);
  return 0;
}

function main(args) {
  if (args.length !== 1) {
    console.error('usage: node validate.mjs TEMPLATE.yaml | --self-test');
    return 2;
  }
  const db = loadAwsServiceSpecSync();
  if (args[0] === '--self-test') return selfTest(db);
  const problems = problemsIn(args[0], db);
  if (problems.length > 0) {
    console.error(`${args[0]}: ${problems.length} problem(s):`);
    problems.forEach((problem) => console.error(`  - ${problem}`));
    return 1;
  }
  console.log(`${args[0]}: valid against the AWS resource specification.`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
