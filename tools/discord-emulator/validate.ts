import { ComponentType } from 'discord-api-types/v10';
import { apiErrors, type FormErrors } from './errors.js';

// Discord's component limits (components reference): custom ids 1–100 characters, 5 buttons
// per row, 25 select options, button styles 1–6, 5 rows per message, modal titles ≤ 45.

/** Checks a message body the bot sends; throws 50035 or 50006 like Discord. */
export function validateMessageBody(
  body: Record<string, unknown>,
  fileCount: number,
  isEdit = false,
) {
  const errors: FormErrors = {};
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    errors.content = 'Must be a string.';
  } else if (typeof content === 'string' && content.length > 2_000) {
    errors.content = 'Must be 2000 or fewer in length.';
  }

  if (body.embeds !== undefined && !Array.isArray(body.embeds)) errors.embeds = 'Must be an array.';
  else if (Array.isArray(body.embeds) && body.embeds.length > 10) {
    errors.embeds = 'Must be 10 or fewer in length.';
  }

  if (body.components !== undefined) checkRows(body.components, 'components', errors);
  if (Object.keys(errors).length > 0) throw apiErrors.invalidForm(errors);

  const hasSomething =
    (typeof content === 'string' && content.length > 0) ||
    (Array.isArray(body.embeds) && body.embeds.length > 0) ||
    (Array.isArray(body.components) && body.components.length > 0) ||
    (Array.isArray(body.attachments) && body.attachments.length > 0) ||
    body.poll !== undefined ||
    fileCount > 0;
  if (!isEdit && !hasSomething) throw apiErrors.emptyMessage();
}

/** Checks a modal the bot shows (callback type 9). */
export function validateModal(data: Record<string, unknown>): void {
  const errors: FormErrors = {};
  checkCustomId(data.custom_id, 'data.custom_id', errors);
  if (typeof data.title !== 'string' || data.title.length < 1 || data.title.length > 45) {
    errors['data.title'] = 'Must be between 1 and 45 in length.';
  }

  const components = data.components;
  if (!Array.isArray(components) || components.length < 1 || components.length > 5) {
    errors['data.components'] = 'Must be between 1 and 5 in length.';
  }

  if (Object.keys(errors).length > 0) throw apiErrors.invalidForm(errors);
}

/** Checks an autocomplete answer (callback type 8): at most 25 choices. */
export function validateChoices(data: Record<string, unknown>): unknown[] {
  const choices = data.choices;
  if (!Array.isArray(choices) || choices.length > 25) {
    throw apiErrors.invalidForm({ 'data.choices': 'Must be 25 or fewer in length.' });
  }

  return choices;
}

function checkRows(rows: unknown, path: string, errors: FormErrors): void {
  if (!Array.isArray(rows)) {
    errors[path] = 'Must be an array.';
    return;
  }

  rows.forEach((row: unknown, index) => {
    const rowPath = `${path}.${index}`;
    const record = (row ?? {}) as { type?: unknown; components?: unknown };
    if (record.type !== ComponentType.ActionRow) return;
    const children = Array.isArray(record.components) ? record.components : [];
    const buttons = children.filter(
      (child: { type?: unknown }) => child?.type === ComponentType.Button,
    );
    if (children.length === 0 || buttons.length > 5) {
      errors[`${rowPath}.components`] = 'Must be between 1 and 5 in length.';
    }

    children.forEach((child: unknown, at) =>
      checkComponent(child, `${rowPath}.components.${at}`, errors),
    );
  });
}

function checkComponent(component: unknown, path: string, errors: FormErrors): void {
  const c = (component ?? {}) as Record<string, unknown>;
  if (c.type === ComponentType.Button) {
    const style = c.style;
    if (typeof style !== 'number' || style < 1 || style > 6) {
      errors[`${path}.style`] = 'Value must be one of (1, 2, 3, 4, 5, 6).';
    }

    // Link (5) and premium (6) buttons have no custom id.
    if (style !== 5 && style !== 6) checkCustomId(c.custom_id, `${path}.custom_id`, errors);
    return;
  }

  checkCustomId(c.custom_id, `${path}.custom_id`, errors);
  if (c.type === ComponentType.StringSelect) {
    const options = c.options;
    if (!Array.isArray(options) || options.length < 1 || options.length > 25) {
      errors[`${path}.options`] = 'Must be between 1 and 25 in length.';
    }
  }
}

function checkCustomId(value: unknown, path: string, errors: FormErrors): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100) {
    errors[path] = 'Must be between 1 and 100 in length.';
  }
}
