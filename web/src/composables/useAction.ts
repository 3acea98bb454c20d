// A change started from a button: run it, say it worked (or show the problem's translated
// message), then reload the page's data. One definition for every view that acts this way.
import { ElMessage } from 'element-plus'
import { useProblem } from '@/composables/useProblem'

export function useAction(reload: () => Promise<unknown>) {
  const { message } = useProblem()
  return async function act(change: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await change()
      ElMessage.success(done)
      await reload()
    } catch (e) {
      ElMessage.error(message(e))
    }
  }
}
