// Who is signed in: the account, its grants and permissions from GET /api/v1/auth/me. The session
// itself is the HttpOnly cookie; this store never keeps the token.
import { defineStore } from 'pinia'
import { api } from '@/api/client'
import { ApiError } from '@/api/problem'
import type { Me } from '@/api/types'
import { allowed, homeKind, menuFor, type HomeKind, type MenuEntry } from '@/lib/menu'

export const useAuthStore = defineStore('auth', {
  state: () => ({
    me: null as Me | null,
    /** true once we asked the server who we are (signed in or not). */
    checked: false,
  }),
  getters: {
    signedIn: (s): boolean => s.me !== null,
    permissions: (s): string[] => s.me?.permissions ?? [],
    roles: (s): string[] => [...new Set((s.me?.grants ?? []).map((g) => g.role))],
    menu(): MenuEntry[] {
      return menuFor(this.permissions)
    },
    home(): HomeKind {
      return homeKind(this.permissions)
    },
    displayName: (s): string => s.me?.account.display_name || s.me?.account.login || '',
  },
  actions: {
    can(anyOf: readonly string[] | undefined): boolean {
      return allowed(anyOf, this.permissions)
    },
    /** Asks the server once per page load; a 401 just means "not signed in". */
    async ensureChecked(): Promise<void> {
      if (this.checked) return
      await this.refresh()
    },
    async refresh(): Promise<void> {
      try {
        this.me = await api.me(true)
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) {
          this.checked = true
          throw e
        }
        this.me = null
      }
      this.checked = true
    },
    async login(login: string, password: string): Promise<void> {
      await api.login(login, password)
      this.checked = false
      await this.refresh()
      if (!this.me) throw new ApiError({ status: 401, code: 'unauthenticated' })
    },
    async logout(): Promise<void> {
      try {
        await api.logout()
      } finally {
        this.clear()
      }
    },
    async changePassword(current: string, next: string): Promise<void> {
      await api.changePassword(current, next)
    },
    /** Forget the account locally (session expired or signed out). */
    clear(): void {
      this.me = null
      this.checked = true
    },
  },
})
