/**
 * Keystone's data: one domain, the projects, users, roles and assignments of
 * the real test harness, and application credentials made at run time.
 * Ids are 32 hex characters, as Keystone's are.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { EmulatorUser } from "../types";

export interface Domain {
  id: string;
  name: string;
}
export interface Project {
  id: string;
  name: string;
  domain: Domain;
}
export interface Role {
  id: string;
  name: string;
}
export interface User {
  key: EmulatorUser;
  id: string;
  name: string;
  password: string;
  domain: Domain;
  /** The project the user works in (what env() names). */
  home: Project;
}
export interface ApplicationCredential {
  id: string;
  name: string;
  secret: string;
  user: User;
  project: Project;
  roles: Role[];
}

/** A reference as a request carries it: by id, or by name (with a domain for users and projects). */
export interface NamedRef {
  id?: unknown;
  name?: unknown;
  domain?: { id?: unknown; name?: unknown };
}

export const hexId = (): string => randomUUID().replace(/-/g, "");

export class Directory {
  readonly domain: Domain = { id: "default", name: "Default" };
  readonly projects: Record<"admin" | "demo", Project>;
  readonly roles: Record<"admin" | "member" | "reader", Role>;
  readonly users: Record<EmulatorUser, User>;
  private readonly projectRoles = new Map<string, Role[]>();
  private readonly systemRoles = new Map<string, Role[]>();
  private readonly credentials = new Map<string, ApplicationCredential>();

  constructor() {
    const project = (name: string): Project => ({ id: hexId(), name, domain: this.domain });
    const role = (name: string): Role => ({ id: hexId(), name });
    this.projects = { admin: project("admin"), demo: project("demo") };
    this.roles = { admin: role("admin"), member: role("member"), reader: role("reader") };
    const user = (key: EmulatorUser, password: string, home: Project): User => ({
      key,
      id: hexId(),
      name: key,
      password,
      domain: this.domain,
      home,
    });
    this.users = {
      admin: user("admin", "admin-secret", this.projects.admin),
      viewer: user("viewer", "demo-secret", this.projects.admin),
      demo: user("demo", "demo-secret", this.projects.demo),
      "demo-reader": user("demo-reader", "demo-secret", this.projects.demo),
    };
    const { admin, member, reader } = this.roles;
    // Role lists as Keystone returns them once implied roles are expanded.
    this.projectRoles.set(this.assignment(this.users.admin, this.projects.admin), [admin, member, reader]);
    this.projectRoles.set(this.assignment(this.users.viewer, this.projects.admin), [reader]);
    this.projectRoles.set(this.assignment(this.users.demo, this.projects.demo), [member, reader]);
    this.projectRoles.set(this.assignment(this.users["demo-reader"], this.projects.demo), [reader]);
    // keystone-manage bootstrap gives the admin user the admin role on the system.
    this.systemRoles.set(this.users.admin.id, [admin, member, reader]);
  }

  private assignment(user: User, project: Project): string {
    return `${user.id}:${project.id}`;
  }

  rolesOnProject(user: User, project: Project): Role[] {
    return this.projectRoles.get(this.assignment(user, project)) ?? [];
  }

  rolesOnSystem(user: User): Role[] {
    return this.systemRoles.get(user.id) ?? [];
  }

  userById(id: string): User | undefined {
    return Object.values(this.users).find((u) => u.id === id);
  }

  projectById(id: string): Project | undefined {
    return Object.values(this.projects).find((p) => p.id === id);
  }

  findDomain(ref: { id?: unknown; name?: unknown } | undefined): Domain | undefined {
    if (!ref) return undefined;
    if (ref.id !== undefined) return ref.id === this.domain.id ? this.domain : undefined;
    return ref.name === this.domain.name ? this.domain : undefined;
  }

  /** A user or project named by id, or by name within a domain named by id or name. */
  private find<T extends { id: string; name: string; domain: Domain }>(all: T[], ref: NamedRef): T | undefined {
    if (ref.id !== undefined) return all.find((x) => x.id === ref.id);
    const domain = this.findDomain(ref.domain);
    return domain ? all.find((x) => x.name === ref.name && x.domain.id === domain.id) : undefined;
  }

  findUser(ref: NamedRef): User | undefined {
    return this.find(Object.values(this.users), ref);
  }

  findProject(ref: NamedRef): Project | undefined {
    return this.find(Object.values(this.projects), ref);
  }

  /** A credential on `project` (the caller's token's, or the user's home) with the user's roles there. */
  createApplicationCredential(user: User, name: string, project: Project = user.home, secret?: string): ApplicationCredential {
    const credential: ApplicationCredential = {
      id: hexId(),
      name,
      secret: secret ?? randomBytes(64).toString("base64url"),
      user,
      project,
      roles: this.rolesOnProject(user, project),
    };
    this.credentials.set(credential.id, credential);
    return credential;
  }

  hasApplicationCredential(user: User, name: string): boolean {
    return [...this.credentials.values()].some((c) => c.user === user && c.name === name);
  }

  /** By id, or by name of the credential together with its user. */
  findApplicationCredential(ref: { id?: unknown; name?: unknown }, user: User | undefined): ApplicationCredential | undefined {
    if (ref.id !== undefined) return typeof ref.id === "string" ? this.credentials.get(ref.id) : undefined;
    return [...this.credentials.values()].find((c) => c.name === ref.name && c.user === user);
  }
}
