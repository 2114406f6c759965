import { ComponentType } from 'discord-api-types/v10';
import type { DiscordEmulator } from './emulator.js';
import { EmulatorError } from './errors.js';
import type { ActorFile, Resolved } from './interaction-payloads.js';

/** What an actor enters in one modal input: text, select values, or files. */
export type ModalValue = string | string[] | ActorFile[];

interface InputComponent {
  type: number;
  id?: number;
  custom_id?: string;
}

/**
 * The `components` of a modal submit, in the modal's own layout: Label (18) wrapping one input,
 * or the legacy action row (1). Text inputs return `value`; selects and File Upload `values`.
 */
export function buildModalComponents(
  emu: DiscordEmulator,
  channelId: string,
  modal: Record<string, unknown>,
  values: Record<string, ModalValue>,
  resolved: Resolved,
): unknown[] {
  const rows = Array.isArray(modal.components)
    ? (modal.components as Record<string, unknown>[])
    : [];
  return rows.map((row) => {
    if (row.type === ComponentType.Label) {
      const inner = submitted(emu, channelId, row.component as InputComponent, values, resolved);
      return { type: ComponentType.Label, id: row.id, component: inner };
    }

    const children = Array.isArray(row.components) ? (row.components as InputComponent[]) : [];
    return {
      type: ComponentType.ActionRow,
      id: row.id,
      components: children.map((child) => submitted(emu, channelId, child, values, resolved)),
    };
  });
}

function submitted(
  emu: DiscordEmulator,
  channelId: string,
  input: InputComponent,
  values: Record<string, ModalValue>,
  resolved: Resolved,
): Record<string, unknown> {
  const customId = input.custom_id ?? '';
  const given = values[customId];
  const base = { type: input.type, id: input.id, custom_id: customId };
  if (input.type === ComponentType.TextInput) {
    return { ...base, value: typeof given === 'string' ? given : '' };
  }

  if (input.type === ComponentType.FileUpload) {
    const files = Array.isArray(given)
      ? given.filter((f): f is ActorFile => typeof f === 'object')
      : [];
    const ids = files.map((file) => {
      const attachment = emu.cdn.put(
        channelId,
        file.filename,
        Buffer.from(file.bytes),
        file.contentType,
      );
      (resolved.attachments ??= {})[attachment.id] = attachment;
      return attachment.id;
    });
    return { ...base, values: ids };
  }

  if (Array.isArray(given) && given.every((v) => typeof v === 'string'))
    return { ...base, values: given };
  if (given === undefined) return { ...base, values: [] };
  throw new EmulatorError('no_component', `modal input "${customId}" takes a list of values`);
}
